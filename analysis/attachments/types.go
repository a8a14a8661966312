package attachments

import "strings"

// class is what a file is, for risk purposes.
type class int

const (
	clsUnknown class = iota
	clsExecutable
	clsScript
	clsShortcut
	clsDiskImage
	clsOneNote
	clsHTML
	clsSVG
	clsMacroOffice
	clsArchive
	clsOffice // OOXML / ODF / legacy Office without detected macros
	clsPDF
	clsRTF
	clsImage
	clsText
	clsMedia
)

// dangerous classes are those whose presence alone makes a file high risk.
func (c class) dangerous() bool {
	switch c {
	case clsExecutable, clsScript, clsShortcut, clsDiskImage, clsOneNote, clsHTML, clsSVG, clsMacroOffice:
		return true
	}
	return false
}

// family is a coarse content format, used to compare a name or declared
// type with the sniffed content.
type family string

const (
	famExe     family = "exe"
	famZip     family = "zip"
	famOLE     family = "ole"
	famPDF     family = "pdf"
	famImage   family = "image"
	famHTML    family = "html"
	famSVG     family = "svg"
	famRTF     family = "rtf"
	famText    family = "text"
	famRAR     family = "rar"
	fam7z      family = "7z"
	famGzip    family = "gzip"
	famBzip2   family = "bzip2"
	famXz      family = "xz"
	famTar     family = "tar"
	famCab     family = "cab"
	famAce     family = "ace"
	famArj     family = "arj"
	famLzh     family = "lzh"
	famISO     family = "iso"
	famImg     family = "img"
	famVHD     family = "vhd"
	famDMG     family = "dmg"
	famLNK     family = "lnk"
	famOneNote family = "onenote"
	famCHM     family = "chm"
	famClass   family = "class"
	famMedia   family = "media"
)

// extInfo is one row of the extension table.
type extInfo struct {
	class class
	fams  []family // contents that are normal for this extension
}

func fams(f ...family) []family { return f }

// extensions is the table of known file extensions (read-only).
var extensions = buildExtensions()

func buildExtensions() map[string]extInfo {
	extensions := map[string]extInfo{}
	add := func(c class, fs []family, exts ...string) {
		for _, e := range exts {
			extensions[e] = extInfo{c, fs}
		}
	}
	add(clsExecutable, fams(famExe), "exe", "scr", "com", "pif", "dll", "cpl", "sys", "ocx", "xll", "drv", "efi")
	add(clsExecutable, fams(famOLE), "msi", "msp", "mst")
	add(clsExecutable, fams(famZip), "jar", "apk", "appx", "msix", "appxbundle", "msixbundle", "xap")
	add(clsExecutable, fams(famClass), "class")
	add(clsExecutable, fams(famCHM), "chm")
	add(clsExecutable, nil, "application", "appref-ms", "gadget", "msc", "reg", "inf", "scf", "iqy", "slk", "cdxml", "appinstaller", "settingcontent-ms")
	add(clsScript, nil, "bat", "cmd", "ps1", "psm1", "psd1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "wsc", "sct", "vb", "vba", "sh", "py", "pyw", "mjs")
	add(clsScript, fams(famHTML, famText), "hta")
	add(clsShortcut, fams(famLNK), "lnk")
	add(clsShortcut, fams(famText), "url", "website", "desktop", "library-ms", "search-ms", "searchconnector-ms")
	add(clsDiskImage, fams(famISO, famImg), "iso", "img", "udf")
	add(clsDiskImage, fams(famVHD), "vhd", "vhdx")
	add(clsDiskImage, fams(famDMG), "dmg")
	add(clsOneNote, fams(famOneNote), "one", "onepkg")
	add(clsHTML, fams(famHTML, famText), "html", "htm", "shtml", "shtm", "xhtml", "xht", "mht", "mhtml", "php")
	add(clsSVG, fams(famSVG, famText), "svg", "svgz")
	add(clsMacroOffice, fams(famZip), "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam", "sldm")
	add(clsArchive, fams(famZip), "zip", "zipx")
	add(clsArchive, fams(famRAR), "rar")
	add(clsArchive, fams(fam7z), "7z")
	add(clsArchive, fams(famGzip), "gz", "tgz")
	add(clsArchive, fams(famBzip2), "bz2", "tbz2")
	add(clsArchive, fams(famXz), "xz", "txz")
	add(clsArchive, fams(famTar), "tar")
	add(clsArchive, fams(famCab), "cab")
	add(clsArchive, fams(famAce), "ace")
	add(clsArchive, fams(famArj), "arj")
	add(clsArchive, fams(famLzh), "lzh", "lha")
	add(clsArchive, nil, "z", "uue", "xxe", "zst")
	add(clsOffice, fams(famZip), "docx", "dotx", "xlsx", "xltx", "pptx", "potx", "ppsx", "odt", "ods", "odp", "xps", "oxps", "vsdx")
	add(clsOffice, fams(famOLE, famRTF, famZip), "doc", "dot")
	add(clsOffice, fams(famOLE, famZip, famHTML, famText), "xls", "xlt", "xlsb")
	add(clsOffice, fams(famOLE, famZip), "ppt", "pot", "pps", "pub", "vsd", "msg")
	add(clsPDF, fams(famPDF), "pdf")
	add(clsRTF, fams(famRTF), "rtf")
	add(clsImage, fams(famImage), "jpg", "jpeg", "jpe", "png", "gif", "bmp", "webp", "tif", "tiff", "ico", "heic", "heif", "avif", "jfif")
	add(clsText, fams(famText), "txt", "csv", "tsv", "ics", "vcf", "eml", "log", "json", "xml", "md")
	add(clsMedia, fams(famMedia), "mp3", "mp4", "wav", "m4a", "ogg", "mov", "avi", "wmv", "wma", "amr", "3gp")
	return extensions
}

// declaredFamilies maps a declared MIME type to the content families that
// are normal for it; nil for generic types ("application/octet-stream")
// that claim nothing.
func declaredFamilies(mt string) []family {
	switch {
	case mt == "":
		return nil
	case mt == "application/pdf", mt == "application/x-pdf":
		return fams(famPDF)
	case mt == "image/svg+xml":
		return fams(famSVG, famText)
	case strings.HasPrefix(mt, "image/"):
		return fams(famImage)
	case strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"):
		return fams(famMedia)
	case mt == "text/html", mt == "application/xhtml+xml":
		return fams(famHTML, famText)
	case mt == "text/plain", mt == "text/csv", mt == "text/calendar", mt == "message/rfc822", mt == "text/x-vcard", mt == "text/vcard":
		return fams(famText)
	case mt == "application/rtf", mt == "text/rtf", mt == "text/richtext":
		return fams(famRTF)
	case mt == "application/msword":
		return fams(famOLE, famRTF, famZip)
	case mt == "application/vnd.ms-excel":
		return fams(famOLE, famZip, famHTML, famText)
	case mt == "application/vnd.ms-powerpoint", mt == "application/vnd.ms-outlook", mt == "application/x-msi", mt == "application/x-ole-storage":
		return fams(famOLE, famZip)
	case strings.HasPrefix(mt, "application/vnd.openxmlformats-officedocument."),
		strings.HasPrefix(mt, "application/vnd.oasis.opendocument."),
		strings.HasPrefix(mt, "application/vnd.ms-") && strings.Contains(mt, "macroenabled"),
		mt == "application/zip", mt == "application/x-zip-compressed", mt == "application/x-zip",
		mt == "application/java-archive", mt == "application/vnd.android.package-archive":
		return fams(famZip)
	case mt == "application/x-rar-compressed", mt == "application/vnd.rar", mt == "application/x-rar":
		return fams(famRAR)
	case mt == "application/x-7z-compressed":
		return fams(fam7z)
	case mt == "application/gzip", mt == "application/x-gzip":
		return fams(famGzip)
	case mt == "application/x-iso9660-image":
		return fams(famISO)
	case mt == "application/x-msdownload", mt == "application/x-msdos-program", mt == "application/x-dosexec",
		mt == "application/vnd.microsoft.portable-executable", mt == "application/x-executable":
		return fams(famExe)
	case mt == "application/x-ms-shortcut":
		return fams(famLNK)
	case mt == "application/onenote":
		return fams(famOneNote)
	}
	return nil
}
