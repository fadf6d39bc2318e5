package web

import (
	"net"
	"syscall"
)

// setCork sets TCP_CORK on a connection: while it is set, the kernel
// holds partial frames, so that a response's headers and body, written
// by net/http in two calls, leave in one packet, as nginx does with
// tcp_nopush. Clearing it sends what is held at once.
func setCork(c net.Conn, on bool) {
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return
	}
	v := 0
	if on {
		v = 1
	}
	rc.Control(func(fd uintptr) {
		syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK, v)
	})
}
