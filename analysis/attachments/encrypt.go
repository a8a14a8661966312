package attachments

import (
	"bytes"
	"encoding/binary"

	"github.com/checkmail/checkmail/analysis/report"
)

// Bounds of the archive walkers.
const (
	maxRawZipHeaders = 1000
	maxRARBlocks     = 2000
	max7zHeader      = 1 << 20
)

// zipRawEncryption walks the local file headers of a ZIP the central
// directory reader refused (damaged or truncated on purpose) and reports
// encrypted entries: general-purpose flag bit 0, method 99 or the WinZip
// AES extra field 0x9901.
func zipRawEncryption(data []byte) report.Encryption {
	enc := report.Encryption("")
	p := 0
	for n := 0; n < maxRawZipHeaders; n++ {
		i := bytes.Index(data[p:], []byte("PK\x03\x04"))
		if i < 0 || p+i+30 > len(data) {
			break
		}
		h := data[p+i:]
		flags := binary.LittleEndian.Uint16(h[6:])
		method := binary.LittleEndian.Uint16(h[8:])
		nameLen := int(binary.LittleEndian.Uint16(h[26:]))
		extraLen := int(binary.LittleEndian.Uint16(h[28:]))
		var extra []byte
		if 30+nameLen+extraLen <= len(h) {
			extra = h[30+nameLen : 30+nameLen+extraLen]
		}
		if method == 99 || hasAESExtra(extra) {
			return report.EncZipAES
		}
		if flags&1 != 0 {
			enc = report.EncZipCrypto
		}
		p += i + 4
	}
	return enc
}

// hasAESExtra reports the WinZip AES extra field (0x9901).
func hasAESExtra(extra []byte) bool {
	for len(extra) >= 4 {
		id := binary.LittleEndian.Uint16(extra)
		n := int(binary.LittleEndian.Uint16(extra[2:]))
		if id == 0x9901 {
			return true
		}
		if 4+n > len(extra) {
			return false
		}
		extra = extra[4+n:]
	}
	return false
}

// sevenZipAES is the 7z coder ID of 7zAES (06 F1 07 01).
var sevenZipAES = []byte{0x06, 0xf1, 0x07, 0x01}

// sevenZipEncrypted reports a 7z archive whose (next) header names the
// AES coder: always true with encrypted headers (-mhe), and with
// encrypted data when the header is stored plain. An LZMA-compressed
// header of an archive that only encrypts data is not decompressed, so
// that case is missed.
func sevenZipEncrypted(data []byte) bool {
	if len(data) < 32 || !bytes.HasPrefix(data, []byte("7z\xbc\xaf\x27\x1c")) {
		return false
	}
	off := binary.LittleEndian.Uint64(data[12:])
	size := binary.LittleEndian.Uint64(data[20:])
	if off > uint64(len(data)) || size == 0 || size > max7zHeader {
		return false
	}
	start := 32 + off
	end := start + size
	if end > uint64(len(data)) || end < start {
		return false
	}
	return bytes.Contains(data[start:end], sevenZipAES)
}

// rarFilesEncrypted walks the blocks of a RAR archive and reports file
// headers that mark their data encrypted (RAR4 flag 0x0004, RAR5 extra
// record type 1). Archives with encrypted headers are rarEncrypted.
func rarFilesEncrypted(data []byte) bool {
	switch {
	case bytes.HasPrefix(data, []byte("Rar!\x1a\x07\x01\x00")):
		return rar5FilesEncrypted(data[8:])
	case bytes.HasPrefix(data, []byte("Rar!\x1a\x07\x00")):
		return rar4FilesEncrypted(data[7:])
	}
	return false
}

func rar4FilesEncrypted(b []byte) bool {
	p := 0
	for n := 0; n < maxRARBlocks && p+7 <= len(b); n++ {
		typ := b[p+2]
		flags := binary.LittleEndian.Uint16(b[p+3:])
		size := int(binary.LittleEndian.Uint16(b[p+5:]))
		if size < 7 {
			return false
		}
		add := 0
		if flags&0x8000 != 0 && p+11 <= len(b) {
			add = int(binary.LittleEndian.Uint32(b[p+7:]))
		}
		if typ == 0x74 && flags&0x0004 != 0 {
			return true
		}
		next := p + size + add
		if next <= p || add < 0 {
			return false
		}
		p = next
	}
	return false
}

// vint reads a RAR5 variable-length integer.
func vint(b []byte, p int) (uint64, int, bool) {
	var v uint64
	for i := 0; i < 10 && p+i < len(b); i++ {
		c := b[p+i]
		v |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return v, p + i + 1, true
		}
	}
	return 0, p, false
}

func rar5FilesEncrypted(b []byte) bool {
	p := 0
	for n := 0; n < maxRARBlocks && p+4 < len(b); n++ {
		hsize, q, ok := vint(b, p+4)
		if !ok || hsize == 0 || hsize > uint64(len(b)) {
			return false
		}
		hstart := q
		hend := q + int(hsize)
		if hend > len(b) {
			return false
		}
		typ, q, ok := vint(b, q)
		if !ok {
			return false
		}
		if typ == 4 {
			return false // encryption header: rarEncrypted's case
		}
		flags, q, ok := vint(b, q)
		if !ok {
			return false
		}
		var extraSize, dataSize uint64
		if flags&1 != 0 {
			if extraSize, q, ok = vint(b, q); !ok {
				return false
			}
		}
		if flags&2 != 0 {
			if dataSize, _, ok = vint(b, q); !ok {
				return false
			}
		}
		if (typ == 2 || typ == 3) && extraSize > 0 && extraSize <= uint64(hend-hstart) {
			if rar5ExtraHasEncryption(b[hend-int(extraSize) : hend]) {
				return true
			}
		}
		if typ == 5 {
			return false // end of archive
		}
		if dataSize > uint64(len(b)) {
			return false
		}
		next := hend + int(dataSize)
		if next <= p {
			return false
		}
		p = next
	}
	return false
}

// rar5ExtraHasEncryption walks a file header's extra area for a record of
// type 1 (file encryption).
func rar5ExtraHasEncryption(e []byte) bool {
	p := 0
	for n := 0; n < 64 && p < len(e); n++ {
		size, q, ok := vint(e, p)
		if !ok || size == 0 {
			return false
		}
		typ, _, ok := vint(e, q)
		if !ok {
			return false
		}
		if typ == 1 {
			return true
		}
		if size > uint64(len(e)) {
			return false
		}
		p = q + int(size)
	}
	return false
}

// oleEncryptedPackage is the stream that holds a password-protected OOXML
// document inside an OLE container.
var oleEncryptedPackage = utf16le("EncryptedPackage")
