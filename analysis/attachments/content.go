package attachments

import (
	"bytes"
	"encoding/binary"
)

// maxContentScan bounds the bytes searched for PDF names and HTML/SVG/RTF
// markers.
const maxContentScan = 32 << 20

// pdfFlags are the risky PDF names found.
type pdfFlags struct {
	javascript, launch, openAction, embedded, obfuscated bool
	encrypted                                            bool // an /Encrypt dictionary
}

// inspectPDF scans the PDF for names (with #xx escapes decoded, an
// obfuscation trick): /JavaScript or /JS, /Launch, /OpenAction or /AA,
// /EmbeddedFile. Names inside compressed object streams are not seen.
func inspectPDF(data []byte) pdfFlags {
	var p pdfFlags
	data = head(data, maxContentScan)
	var name [64]byte
	for i := 0; i < len(data); i++ {
		if data[i] != '/' {
			continue
		}
		n, escaped := 0, false
		j := i + 1
		for ; j < len(data) && n < len(name); j++ {
			c := data[j]
			if c <= ' ' || bytes.IndexByte([]byte("/[]()<>{}%"), c) >= 0 {
				break
			}
			if c == '#' && j+2 < len(data) && isHex(data[j+1]) && isHex(data[j+2]) {
				c = unhex(data[j+1])<<4 | unhex(data[j+2])
				j += 2
				escaped = true
			}
			name[n] = c
			n++
		}
		hit := true
		switch string(name[:n]) {
		case "JavaScript", "JS":
			p.javascript = true
		case "Launch":
			p.launch = true
		case "OpenAction", "AA":
			p.openAction = true
		case "EmbeddedFile", "EmbeddedFiles":
			p.embedded = true
		case "Encrypt":
			p.encrypted = true
		default:
			hit = false
		}
		if hit && escaped {
			p.obfuscated = true
		}
		i = j - 1
	}
	return p
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// hasActiveContent reports script in HTML or SVG: script elements,
// javascript: URLs, event handler attributes, embedded frames.
func hasActiveContent(data []byte) bool {
	h := bytes.ToLower(head(data, maxContentScan))
	for _, m := range [][]byte{[]byte("<script"), []byte("javascript:"), []byte("<foreignobject"), []byte("<iframe"), []byte("<embed"), []byte("<object")} {
		if bytes.Contains(h, m) {
			return true
		}
	}
	// on*= event handlers: onload=, onerror=, onmouseover= …
	for i := bytes.Index(h, []byte(" on")); i >= 0; {
		j := i + 3
		for j < len(h) && h[j] >= 'a' && h[j] <= 'z' {
			j++
		}
		for j < len(h) && (h[j] == ' ' || h[j] == '\t' || h[j] == '\n' || h[j] == '\r') {
			j++
		}
		if j > i+3 && j < len(h) && h[j] == '=' {
			return true
		}
		k := bytes.Index(h[i+3:], []byte(" on"))
		if k < 0 {
			break
		}
		i += 3 + k
	}
	return false
}

// hasForm reports an HTML form or a password input (credential harvest).
func hasForm(data []byte) bool {
	h := bytes.ToLower(head(data, maxContentScan))
	return bytes.Contains(h, []byte("<form")) || bytes.Contains(h, []byte("type=\"password\"")) || bytes.Contains(h, []byte("type=password"))
}

// rtfHasObject reports embedded OLE objects in RTF (the carrier of
// equation-editor and other exploits).
func rtfHasObject(data []byte) bool {
	h := head(data, maxContentScan)
	return bytes.Contains(h, []byte(`\objdata`)) || bytes.Contains(h, []byte(`\object`))
}

// rarEncrypted reports RAR archives whose headers (file names) are
// encrypted. Archives that only encrypt file data are not detected.
func rarEncrypted(data []byte) bool {
	switch {
	case bytes.HasPrefix(data, []byte("Rar!\x1a\x07\x01\x00")):
		// RAR5: CRC32, vint header size, vint header type; type 4 is the
		// archive encryption header.
		p := 8 + 4
		_, n := binary.Uvarint(data[min(p, len(data)):])
		if n <= 0 {
			return false
		}
		p += n
		typ, n := binary.Uvarint(data[min(p, len(data)):])
		return n > 0 && typ == 4
	case bytes.HasPrefix(data, []byte("Rar!\x1a\x07\x00")):
		// RAR4: marker block (7 bytes), then the main header: CRC (2),
		// type 0x73 (1), flags (2); 0x0080 = headers encrypted.
		if len(data) < 7+5 || data[7+2] != 0x73 {
			return false
		}
		return binary.LittleEndian.Uint16(data[7+3:])&0x0080 != 0
	}
	return false
}
