package attachments

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
)

// oleInfo is what a cheap look at an OLE2 compound file tells.
type oleInfo struct {
	mime  string
	msi   bool
	macro bool
	// encryptedPackage: a password-protected OOXML document.
	encryptedPackage bool
}

// utf16le encodes s as the UTF-16LE bytes used for OLE directory names.
func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}

var (
	oleVBA         = utf16le("_VBA_PROJECT")
	oleMacros      = utf16le("Macros")
	oleWord        = utf16le("WordDocument")
	oleWorkbook    = utf16le("Workbook")
	olePowerPoint  = utf16le("PowerPoint Document")
	oleOutlookMsg  = utf16le("__substg1.0_")
	oleEncryptInfo = utf16le("EncryptionInfo")
)

// inspectOLE identifies the document type from the root entry's CLSID
// (Windows Installer) and from stream names, and detects VBA projects.
// Stream names are UTF-16LE in the directory sectors, so a byte search
// finds them without walking the FAT.
func inspectOLE(data []byte) oleInfo {
	var oi oleInfo
	if len(data) >= 512 {
		shift := binary.LittleEndian.Uint16(data[0x1e:])
		dirSect := binary.LittleEndian.Uint32(data[0x30:])
		if shift == 9 || shift == 12 {
			off := (uint64(dirSect) + 1) << shift
			if off+0x60 <= uint64(len(data)) {
				clsid := data[off+0x50 : off+0x60]
				if (clsid[0] == 0x82 || clsid[0] == 0x84 || clsid[0] == 0x86) &&
					bytes.Equal(clsid[1:], []byte{0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0, 0, 0, 0, 0, 0, 0x46}) {
					oi.msi = true
				}
			}
		}
	}
	oi.macro = bytes.Contains(data, oleVBA) || bytes.Contains(data, oleMacros)
	oi.encryptedPackage = bytes.Contains(data, oleEncryptedPackage)
	switch {
	case oi.msi:
		oi.mime = "application/x-msi"
	case bytes.Contains(data, oleWord):
		oi.mime = "application/msword"
	case bytes.Contains(data, oleWorkbook):
		oi.mime = "application/vnd.ms-excel"
	case bytes.Contains(data, olePowerPoint):
		oi.mime = "application/vnd.ms-powerpoint"
	case bytes.Contains(data, oleOutlookMsg):
		oi.mime = "application/vnd.ms-outlook"
	case bytes.Contains(data, oleEncryptInfo):
		oi.mime = "application/x-ole-encrypted-office"
	default:
		oi.mime = "application/x-ole-storage"
	}
	return oi
}
