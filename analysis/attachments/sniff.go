package attachments

import (
	"bytes"
	"encoding/binary"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sniffed is what the content turned out to be.
type sniffed struct {
	mime   string
	fam    family
	class  class
	strong bool // identified by a magic number (not a text heuristic)
}

// magic is one row of the magic-number table.
type magic struct {
	off   int
	sig   string
	mime  string
	fam   family
	class class
}

// magics are checked in order; the first match wins. ZIP, OLE, PE and a
// few others get a closer look afterwards.
var magics = []magic{
	{0, "MZ", "application/vnd.microsoft.portable-executable", famExe, clsExecutable},
	{0, "\x7fELF", "application/x-elf", famExe, clsExecutable},
	{0, "\xfe\xed\xfa\xce", "application/x-mach-binary", famExe, clsExecutable},
	{0, "\xfe\xed\xfa\xcf", "application/x-mach-binary", famExe, clsExecutable},
	{0, "\xce\xfa\xed\xfe", "application/x-mach-binary", famExe, clsExecutable},
	{0, "\xcf\xfa\xed\xfe", "application/x-mach-binary", famExe, clsExecutable},
	{0, "\xca\xfe\xba\xbe", "application/x-mach-binary", famExe, clsExecutable}, // or a Java class: see sniff
	{0, "PK\x03\x04", "application/zip", famZip, clsArchive},
	{0, "PK\x05\x06", "application/zip", famZip, clsArchive},
	{0, "PK\x07\x08", "application/zip", famZip, clsArchive},
	{0, "Rar!\x1a\x07", "application/vnd.rar", famRAR, clsArchive},
	{0, "7z\xbc\xaf\x27\x1c", "application/x-7z-compressed", fam7z, clsArchive},
	{0, "\x1f\x8b", "application/gzip", famGzip, clsArchive},
	{0, "BZh", "application/x-bzip2", famBzip2, clsArchive},
	{0, "\xfd7zXZ\x00", "application/x-xz", famXz, clsArchive},
	{0, "MSCF\x00\x00\x00\x00", "application/vnd.ms-cab-compressed", famCab, clsArchive},
	{7, "**ACE**", "application/x-ace-compressed", famAce, clsArchive},
	{0, "\x60\xea", "application/x-arj", famArj, clsArchive},
	{257, "ustar", "application/x-tar", famTar, clsArchive},
	{0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", famOLE, clsOffice},
	{0, "L\x00\x00\x00\x01\x14\x02\x00", "application/x-ms-shortcut", famLNK, clsShortcut},
	{0, "\xe4\x52\x5c\x7b\x8c\xd8\xa7\x4d\xae\xb1\x53\x78\xd0\x29\x96\xd3", "application/onenote", famOneNote, clsOneNote},
	{0, "ITSF\x03\x00\x00\x00", "application/vnd.ms-htmlhelp", famCHM, clsExecutable},
	{0x8001, "CD001", "application/x-iso9660-image", famISO, clsDiskImage},
	{0x8801, "CD001", "application/x-iso9660-image", famISO, clsDiskImage},
	{0x9001, "CD001", "application/x-iso9660-image", famISO, clsDiskImage},
	{0x8001, "BEA01", "application/x-iso9660-image", famISO, clsDiskImage}, // UDF
	{0, "vhdxfile", "application/x-vhdx", famVHD, clsDiskImage},
	{0, "conectix", "application/x-vhd", famVHD, clsDiskImage},
	{0, "{\\rt", "application/rtf", famRTF, clsRTF},
}

// sniff identifies data from its content.
func sniff(data []byte) sniffed {
	if len(data) == 0 {
		return sniffed{}
	}
	for _, m := range magics {
		if len(data) >= m.off+len(m.sig) && string(data[m.off:m.off+len(m.sig)]) == m.sig {
			s := sniffed{mime: m.mime, fam: m.fam, class: m.class, strong: true}
			if m.sig == "\xca\xfe\xba\xbe" && len(data) >= 8 && binary.BigEndian.Uint32(data[4:8]) >= 45 {
				s.mime, s.fam = "application/java-vm", famClass
			}
			if m.sig == "MZ" && len(data) < 64 {
				continue // too short to be a program
			}
			return s
		}
	}
	if n := len(data); n >= 1024 {
		switch {
		case string(data[n-512:n-504]) == "conectix":
			return sniffed{"application/x-vhd", famVHD, clsDiskImage, true}
		case string(data[n-512:n-508]) == "koly":
			return sniffed{"application/x-apple-diskimage", famDMG, clsDiskImage, true}
		}
	}
	if isDiskBootSector(data) {
		return sniffed{"application/x-raw-disk-image", famImg, clsDiskImage, true}
	}
	if i := bytes.Index(head(data, 1024), []byte("%PDF-")); i >= 0 {
		return sniffed{"application/pdf", famPDF, clsPDF, true}
	}
	if mayBeMarkup(data) {
		if isSVG(data) {
			return sniffed{"image/svg+xml", famSVG, clsSVG, true}
		}
		if isHTML(data) {
			return sniffed{"text/html", famHTML, clsHTML, true}
		}
	}
	if bytes.HasPrefix(data, []byte("#!")) {
		return sniffed{"text/x-shellscript", famText, clsUnknown, false}
	}
	ct := http.DetectContentType(data)
	mt, _, _ := strings.Cut(ct, ";")
	switch {
	case strings.HasPrefix(mt, "image/"):
		return sniffed{mt, famImage, clsImage, true}
	case strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"), mt == "application/ogg":
		return sniffed{mt, famMedia, clsMedia, true}
	case strings.HasPrefix(mt, "text/"):
		return sniffed{mt, famText, clsText, false}
	case mt == "application/octet-stream":
		return sniffed{mime: mt}
	}
	return sniffed{mime: mt}
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// isDiskBootSector recognizes a raw disk image: an MBR or a FAT/NTFS/exFAT
// boot sector.
func isDiskBootSector(data []byte) bool {
	if len(data) < 512 || data[510] != 0x55 || data[511] != 0xaa {
		return false
	}
	oem := string(data[3:11])
	return oem == "NTFS    " || oem == "EXFAT   " ||
		string(data[0x36:0x3b]) == "FAT12" || string(data[0x36:0x3b]) == "FAT16" || string(data[0x52:0x57]) == "FAT32"
}

// lowerHead returns the first n bytes of data, lower-cased, after a BOM.
func lowerHead(data []byte, n int) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	return bytes.ToLower(head(data, n))
}

// mayBeMarkup reports whether data, after a BOM and white space, starts
// with '<', as isSVG and isHTML require: it spares images and other binary
// data their lower-casing of 4 KiB (twice).
func mayBeMarkup(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == '<' {
			return true
		}
		if !unicode.IsSpace(r) {
			return false
		}
		data = data[size:]
	}
	return false
}

// isSVG: an <svg element near the start (after an XML declaration,
// comments or a doctype).
func isSVG(data []byte) bool {
	h := lowerHead(data, 4096)
	i := bytes.Index(h, []byte("<svg"))
	if i < 0 {
		return false
	}
	pre := bytes.TrimSpace(h[:i])
	return len(pre) == 0 || bytes.HasPrefix(pre, []byte("<?xml")) || bytes.HasPrefix(pre, []byte("<!--")) || bytes.HasPrefix(pre, []byte("<!doctype"))
}

// htmlMarkers appear near the start of HTML documents and fragments.
var htmlMarkers = [][]byte{
	[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body"), []byte("<script"),
	[]byte("<form"), []byte("<iframe"), []byte("<meta "), []byte("<title"), []byte("<div"), []byte("<table"),
}

// isHTML: markup from the first byte (after a BOM and white space) and an
// HTML marker in the first 4 KiB. A mail (.eml, message/rfc822) that
// carries HTML further down starts with headers and is not HTML.
func isHTML(data []byte) bool {
	h := lowerHead(data, 4096)
	if t := bytes.TrimLeft(h, " \t\r\n\f"); len(t) == 0 || t[0] != '<' {
		return false
	}
	if bytes.IndexByte(h, 0) >= 0 {
		return false // binary
	}
	for _, m := range htmlMarkers {
		if bytes.Contains(h, m) {
			return true
		}
	}
	return false
}
