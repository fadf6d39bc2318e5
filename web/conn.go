package web

import (
	"context"
	"net"
	"net/http"
)

type connKey struct{}

// ConnContext is for http.Server.ConnContext: it lets handlers reach the
// connection, to send a cached page in one packet (setCork).
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

func requestConn(ctx context.Context) net.Conn {
	c, _ := ctx.Value(connKey{}).(net.Conn)
	return c
}

// writeCorked writes a response whose headers are set. net/http sends a
// large body in two writes (its buffer with the headers and the start of
// the body, then the rest); with the connection corked they leave as one
// packet, which saves the kernel and the reader a round of work per page.
func writeCorked(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	c := requestConn(r.Context())
	if c == nil || len(body) <= 2048 {
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	setCork(c, true)
	defer setCork(c, false)
	w.WriteHeader(status)
	w.Write(body)
	http.NewResponseController(w).Flush()
}
