package attachments

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
)

const (
	// MaxMembers is the number of archive entry names reported.
	MaxMembers = 50
	// maxZipEntries bounds the entries examined for risk.
	maxZipEntries = 10000
	// maxPeek bounds the bytes decompressed from one small member
	// ([Content_Types].xml) and from all members together.
	maxPeek      = 256 << 10
	maxPeekTotal = 1 << 20
)

// zipInfo is what the central directory of a ZIP says.
type zipInfo struct {
	ok        bool
	members   []string // sanitized, at most MaxMembers
	total     int
	encrypted bool
	aes       bool // WinZip AES (method 99, extra field 0x9901)
	// classes of the members (by extension): dangerous ones make the
	// archive high risk.
	memberClasses map[class]bool
	doubleExt     bool
	// container formats built on ZIP
	ooxml, macro, jar, apk, odf bool
	mime                        string
}

// inspectZip reads the central directory over an in-memory reader; member
// data is never extracted except a bounded peek at [Content_Types].xml.
func inspectZip(data []byte) zipInfo {
	zi := zipInfo{memberClasses: map[class]bool{}}
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return zi
	}
	zi.ok = true
	zi.total = len(r.File)
	peeked := 0
	for i, f := range r.File {
		if i >= maxZipEntries {
			break
		}
		name := f.Name
		if len(zi.members) < MaxMembers {
			zi.members = append(zi.members, sanitizeName(name))
		}
		if f.Flags&0x1 != 0 {
			zi.encrypted = true
		}
		if f.Method == 99 || hasAESExtra(f.Extra) {
			zi.encrypted, zi.aes = true, true
		}
		lower := strings.ToLower(name)
		switch {
		case lower == "[content_types].xml":
			zi.ooxml = true
			if f.Flags&0x1 == 0 && peeked < maxPeekTotal {
				b := peek(f, maxPeek)
				peeked += len(b)
				if bytes.Contains(bytes.ToLower(b), []byte("macroenabled")) {
					zi.macro = true
				}
			}
			continue
		case strings.HasSuffix(lower, "vbaproject.bin"), strings.HasSuffix(lower, "vbadata.xml"):
			zi.macro = true
		case lower == "meta-inf/manifest.mf":
			zi.jar = true
		case lower == "androidmanifest.xml":
			zi.apk = true
		case lower == "mimetype" && i == 0:
			zi.odf = true
		}
		if strings.HasSuffix(name, "/") {
			continue // directory
		}
		np := splitName(name)
		if info, ok := extensions[np.ext]; ok {
			zi.memberClasses[info.class] = true
		}
		if isDoubleExt(np) {
			zi.doubleExt = true
		}
	}
	switch {
	case zi.apk:
		zi.mime = "application/vnd.android.package-archive"
	case zi.ooxml && zi.macro:
		zi.mime = ooxmlType(r, true)
	case zi.ooxml:
		zi.mime = ooxmlType(r, false)
	case zi.jar:
		zi.mime = "application/java-archive"
	case zi.odf:
		zi.mime = "application/vnd.oasis.opendocument"
	default:
		zi.mime = "application/zip"
	}
	return zi
}

// ooxmlType names the Office document type from its main part.
func ooxmlType(r *zip.Reader, macro bool) string {
	kind := ""
	for i, f := range r.File {
		if i >= maxZipEntries {
			break
		}
		switch strings.ToLower(f.Name) {
		case "word/document.xml":
			kind = "word"
		case "xl/workbook.xml", "xl/workbook.bin":
			kind = "excel"
		case "ppt/presentation.xml":
			kind = "powerpoint"
		}
	}
	switch {
	case kind == "word" && macro:
		return "application/vnd.ms-word.document.macroenabled.12"
	case kind == "excel" && macro:
		return "application/vnd.ms-excel.sheet.macroenabled.12"
	case kind == "powerpoint" && macro:
		return "application/vnd.ms-powerpoint.presentation.macroenabled.12"
	case kind == "word":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case kind == "excel":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case kind == "powerpoint":
		return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	case macro:
		return "application/vnd.ms-office.macroenabled"
	}
	return "application/vnd.openxmlformats-officedocument"
}

// peek decompresses at most n bytes of a member.
func peek(f *zip.File, n int64) []byte {
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, n))
	return b
}
