//go:build !linux

package web

import "net"

func setCork(net.Conn, bool) {}
