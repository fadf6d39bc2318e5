package web

import (
	"bytes"
	"sync"
)

// Pages are rendered into pooled buffers: a thread page is tens of
// kilobytes, and growing a fresh buffer to that size for every request
// copies the page several times over.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getRenderBuffer() *bytes.Buffer {
	b := renderBuffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// putRenderBuffer returns a buffer to the pool once its bytes are sent;
// unusually large ones are dropped so that one huge page does not pin
// its memory.
func putRenderBuffer(b *bytes.Buffer) {
	if b.Cap() <= 256<<10 {
		renderBuffers.Put(b)
	}
}
