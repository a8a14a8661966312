// Package qr finds QR codes in images (PNG, JPEG, GIF, BMP, WebP) and in
// the images embedded in PDFs, and returns what they say. It never
// fetches or opens what it decodes. Every step is bounded: input bytes,
// pixels per image (checked from the header before decoding), pixels
// handed to the detector (large images are downscaled), images per PDF and
// time. QR codes that a PDF draws with vector paths (not as an image) are
// not found.
package qr

import (
	"bytes"
	"errors"
	"strings"
	"time"
)

// Kind is the container format of the input.
type Kind int

// Kinds Decode understands.
const (
	KindUnknown Kind = iota
	KindPNG
	KindJPEG
	KindGIF
	KindBMP
	KindWebP
	KindPDF
)

func (k Kind) String() string {
	switch k {
	case KindPNG:
		return "png"
	case KindJPEG:
		return "jpeg"
	case KindGIF:
		return "gif"
	case KindBMP:
		return "bmp"
	case KindWebP:
		return "webp"
	case KindPDF:
		return "pdf"
	}
	return "unknown"
}

// KindOf identifies data from its magic number, or, when the content says
// nothing, from its declared media type. Content wins over the declared
// type: a PNG declared as image/jpeg is a PNG.
func KindOf(contentType string, data []byte) Kind {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return KindPNG
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return KindJPEG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return KindGIF
	case bytes.HasPrefix(data, []byte("BM")) && len(data) > 26:
		return KindBMP
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return KindWebP
	case bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")):
		return KindPDF
	}
	mt, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(contentType)), ";")
	switch strings.TrimSpace(mt) {
	case "image/png":
		return KindPNG
	case "image/jpeg", "image/jpg", "image/pjpeg":
		return KindJPEG
	case "image/gif":
		return KindGIF
	case "image/bmp", "image/x-bmp", "image/x-ms-bmp":
		return KindBMP
	case "image/webp":
		return KindWebP
	case "application/pdf", "application/x-pdf":
		return KindPDF
	}
	return KindUnknown
}

// Limits bound the work of one Decode call. Zero fields take the
// DefaultLimits value.
type Limits struct {
	// MaxBytes is the largest input accepted.
	MaxBytes int
	// MaxPixels is the largest image (width×height, from its header)
	// decoded; larger images are skipped.
	MaxPixels int
	// DetectPixels is the largest image handed to the QR detector;
	// larger ones are downscaled first.
	DetectPixels int
	// MaxImages is the number of images of a PDF examined.
	MaxImages int
	// MaxTotalPixels bounds the pixels decoded over all images of a PDF.
	MaxTotalPixels int
	// MaxCodes is the number of distinct codes returned.
	MaxCodes int
	// MaxCodeLen truncates each decoded text (in bytes).
	MaxCodeLen int
	// Timeout stops starting new work once passed; one detector pass on
	// a DetectPixels image is not interrupted.
	Timeout time.Duration
}

// DefaultLimits are the limits used for mail attachments.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:       20 << 20,
		MaxPixels:      25_000_000,
		DetectPixels:   2_500_000,
		MaxImages:      24,
		MaxTotalPixels: 50_000_000,
		MaxCodes:       8,
		MaxCodeLen:     4096,
		Timeout:        3 * time.Second,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = d.MaxPixels
	}
	if l.DetectPixels <= 0 {
		l.DetectPixels = d.DetectPixels
	}
	if l.MaxImages <= 0 {
		l.MaxImages = d.MaxImages
	}
	if l.MaxTotalPixels <= 0 {
		l.MaxTotalPixels = d.MaxTotalPixels
	}
	if l.MaxCodes <= 0 {
		l.MaxCodes = d.MaxCodes
	}
	if l.MaxCodeLen <= 0 {
		l.MaxCodeLen = d.MaxCodeLen
	}
	if l.Timeout <= 0 {
		l.Timeout = d.Timeout
	}
	return l
}

// Errors Decode returns. Codes found before a limit was hit are returned
// with the error.
var (
	ErrUnsupported = errors.New("qr: unsupported input kind")
	ErrTooLarge    = errors.New("qr: input larger than the limit")
	ErrTooManyPix  = errors.New("qr: image has more pixels than the limit")
	ErrTimeout     = errors.New("qr: time limit reached")
	ErrTooComplex  = errors.New("qr: too many finder-pattern candidates to search")
)

// Decode returns the texts of the QR codes found in data (an image or a
// PDF of the given kind; KindUnknown sniffs it). No code found is not an
// error: it returns nil, nil.
func Decode(data []byte, kind Kind, lim Limits) ([]string, error) {
	lim = lim.withDefaults()
	if kind == KindUnknown {
		kind = KindOf("", data)
	}
	if len(data) > lim.MaxBytes {
		return nil, ErrTooLarge
	}
	d := &decoder{lim: lim, deadline: time.Now().Add(lim.Timeout), seen: map[string]bool{}}
	var err error
	switch kind {
	case KindPNG, KindJPEG, KindGIF, KindBMP, KindWebP:
		err = d.imageBytes(data, kind)
	case KindPDF:
		err = d.pdf(data)
	default:
		return nil, ErrUnsupported
	}
	return d.codes, err
}

// decoder carries the state of one Decode call.
type decoder struct {
	lim      Limits
	deadline time.Time
	codes    []string
	seen     map[string]bool
	pixels   int // decoded so far (PDF budget)
}

func (d *decoder) expired() bool { return time.Now().After(d.deadline) }

func (d *decoder) full() bool { return len(d.codes) >= d.lim.MaxCodes }

func (d *decoder) add(text string) {
	if text == "" || d.full() {
		return
	}
	if len(text) > d.lim.MaxCodeLen {
		text = strings.ToValidUTF8(text[:d.lim.MaxCodeLen], "")
	}
	if d.seen[text] {
		return
	}
	d.seen[text] = true
	d.codes = append(d.codes, text)
}
