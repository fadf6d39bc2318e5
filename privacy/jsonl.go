package privacy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxLineBytes bounds one input line of ScanJSONLines; a longer line is
// reported as an error and skipped.
const MaxLineBytes = 4 << 20

type jsonSpan struct {
	Start int  `json:"start"`
	End   int  `json:"end"`
	Type  Type `json:"type"`
}

type jsonOut struct {
	ID    json.RawMessage `json:"id"`
	Spans *[]jsonSpan     `json:"spans,omitempty"` // a pointer, so "no findings" is []
	Error string          `json:"error,omitempty"`
}

// ScanJSONLines reads lines {"id": ..., "text": "..."} and writes one line
// per input line: {"id": ..., "spans": [{"start":0,"end":5,"type":"NAME"}]}
// with offsets in Unicode code points, or {"id": ..., "error": "..."} for
// a line it cannot read. The id is echoed as given. Only read and write
// failures stop the stream.
func ScanJSONLines(r io.Reader, w io.Writer) error {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		line, tooLong, err := readLine(br)
		if err == io.EOF && len(line) == 0 && !tooLong {
			break
		}
		if err != nil && err != io.EOF {
			bw.Flush()
			return err
		}
		out := scanLine(line, tooLong, n)
		if werr := enc.Encode(out); werr != nil {
			return werr
		}
		if err == io.EOF {
			break
		}
	}
	return bw.Flush()
}

// readLine returns the next line without its newline; past MaxLineBytes
// it discards the rest of the line and reports tooLong.
func readLine(br *bufio.Reader) ([]byte, bool, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > MaxLineBytes {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		line = bytes.TrimRight(line, "\r\n")
		return line, tooLong, err
	}
}

func scanLine(line []byte, tooLong bool, n int) jsonOut {
	null := json.RawMessage("null")
	if tooLong {
		return jsonOut{ID: null, Error: fmt.Sprintf("line %d: longer than %d bytes", n, MaxLineBytes)}
	}
	var in struct {
		ID   json.RawMessage `json:"id"`
		Text *string         `json:"text"`
	}
	if err := json.Unmarshal(line, &in); err != nil {
		return jsonOut{ID: null, Error: fmt.Sprintf("line %d: not a JSON object: %v", n, err)}
	}
	id := in.ID
	if len(id) == 0 {
		id = null
	}
	if in.Text == nil {
		return jsonOut{ID: id, Error: fmt.Sprintf("line %d: no \"text\" field", n)}
	}
	text := *in.Text
	fs := Scan(text)
	spans := make([]jsonSpan, 0, len(fs))
	// Findings are sorted, so code point offsets are counted in one pass.
	pos, cp := 0, 0
	for _, f := range fs {
		cp += utf8.RuneCountInString(text[pos:f.Start])
		start := cp
		cp += utf8.RuneCountInString(text[f.Start:f.End])
		pos = f.End
		spans = append(spans, jsonSpan{Start: start, End: cp, Type: f.Type})
	}
	return jsonOut{ID: id, Spans: &spans}
}
