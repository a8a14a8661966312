package qr

import (
	"bytes"
	"testing"
	"time"
)

// TestPDFScanLinear: objects whose dictionaries fail to parse are not
// re-lexed from every " obj" inside them.
func TestPDFScanLinear(t *testing.T) {
	data := append([]byte("%PDF-1.7\n1 0 obj << "), bytes.Repeat([]byte("/a obj "), 150000)...)
	st := time.Now()
	pdfImages(data, func(pdfImage) bool { return true })
	if d := time.Since(st); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}
