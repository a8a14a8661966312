package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/multi/qrcode"
	single "github.com/makiuchi-d/gozxing/qrcode"
	"golang.org/x/image/bmp"
	"golang.org/x/image/webp"
)

// codecs decode one kind: the header first (for the pixel check), then
// the image.
type codec struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

var codecs = map[Kind]codec{
	KindPNG:  {png.DecodeConfig, png.Decode},
	KindJPEG: {jpeg.DecodeConfig, jpeg.Decode},
	KindGIF:  {gif.DecodeConfig, gif.Decode},
	KindBMP:  {bmp.DecodeConfig, bmp.Decode},
	KindWebP: {webp.DecodeConfig, webp.Decode},
}

// imageBytes decodes an encoded image, after checking its size from the
// header, and scans it.
func (d *decoder) imageBytes(data []byte, kind Kind) (err error) {
	c, ok := codecs[kind]
	if !ok {
		return ErrUnsupported
	}
	cfg, err := safeConfig(c, data)
	if err != nil {
		return err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("qr: %s: empty image", kind)
	}
	px := cfg.Width * cfg.Height
	if cfg.Width > 1<<16 || cfg.Height > 1<<16 || px > d.lim.MaxPixels || d.pixels+px > d.lim.MaxTotalPixels {
		return ErrTooManyPix
	}
	if kind == KindJPEG && bytes.Count(data, []byte("\xff\xda")) > maxJPEGScans {
		// each scan of a progressive JPEG walks the whole image again
		return ErrTooComplex
	}
	d.pixels += px
	img, err := safeDecode(c, data)
	if err != nil {
		return err
	}
	b := img.Bounds()
	if b.Dx()*b.Dy() > d.lim.MaxPixels {
		return ErrTooManyPix // the header lied
	}
	return d.scan(img)
}

func safeConfig(c codec, data []byte) (cfg image.Config, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("qr: image header: panic: %v", r)
		}
	}()
	return c.config(bytes.NewReader(data))
}

func safeDecode(c codec, data []byte) (img image.Image, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("qr: image: panic: %v", r)
		}
	}()
	img, err = c.decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("qr: image: %w", err)
	}
	return img, nil
}

// scan converts img to luminance (downscaled to at most DetectPixels) and
// runs the detector: first the multi-code reader, then a single-code pass
// that tries harder, a global-threshold pass and one on the inverted image
// (light-on-dark codes), stopping at the first that finds something.
func (d *decoder) scan(img image.Image) error {
	if d.expired() {
		return ErrTimeout
	}
	if d.full() {
		return nil
	}
	lum, w, h := luminance(img, d.lim.DetectPixels)
	if w < 21 || h < 21 {
		return nil // smaller than the smallest QR code
	}
	src, err := gozxing.NewPlanarYUVLuminanceSource(lum, w, h, 0, 0, w, h, false)
	if err != nil {
		return nil
	}
	// gozxing compares every triple of finder-pattern candidates (cubic
	// time, and the multi-code reader tries to decode each plausible
	// triple): an image tiled with finder-like squares would run for
	// minutes. Count the candidates first, as its row scan does, and skip
	// what it could not finish in time.
	thr, ok := threshold(lum)
	if !ok {
		return nil // no contrast
	}
	hits, invHits := finderHits(lum, w, h, thr)
	inverted := invHits >= 3 && invHits <= maxCandidates && darkBorder(lum, w, h)
	if hits < 3 && !inverted {
		return nil // fewer than three finder patterns: nothing to find
	}
	var passes []func() []string
	if hits >= 3 && hits <= maxCandidates {
		passes = append(passes,
			func() []string { return singlePass(gozxing.NewHybridBinarizer(src)) },
			func() []string { return singlePass(gozxing.NewGlobalHistgramBinarizer(src)) })
	}
	if inverted {
		// light-on-dark code: its quiet zone is dark
		passes = append(passes, func() []string { return singlePass(gozxing.NewHybridBinarizer(src.Invert())) })
	}
	if len(passes) == 0 {
		return ErrTooComplex
	}
	for _, p := range passes {
		if d.expired() {
			return ErrTimeout
		}
		found := p()
		if len(found) > 0 && hits <= maxMultiCandidates && !d.expired() {
			// one code found: look for all of them
			found = append(found, multiPass(gozxing.NewHybridBinarizer(src))...)
		}
		for _, t := range found {
			d.add(t)
		}
		if len(found) > 0 {
			return nil
		}
	}
	return nil
}

// threshold returns the grey level halfway between the 0.2th and 99.8th
// percentiles of lum, and false when the image has too little contrast to
// hold a code.
func threshold(lum []byte) (byte, bool) {
	var hist [256]int
	for _, v := range lum {
		hist[v]++
	}
	lo, hi := -1, -1
	n := 0
	for i, c := range hist {
		n += c
		if lo < 0 && n*500 > len(lum) {
			lo = i
		}
		if hi < 0 && n*500 >= len(lum)*499 {
			hi = i
		}
	}
	if hi-lo < 24 {
		return 0, false
	}
	return byte((lo + hi + 1) / 2), true
}

// maxJPEGScans bounds the start-of-scan markers of a JPEG (encoders
// write at most a dozen).
const maxJPEGScans = 64

// Candidate bounds (see scan).
const (
	maxMultiCandidates = 30
	maxCandidates      = 200
)

// finderHits counts finder-pattern candidates the way gozxing's
// try-harder row scan finds them: on every third row, runs in
// dark:light:dark:light:dark proportion 1:1:3:1:1 (at threshold thr), for dark-on-light and for light-on-dark. A hit at about the same
// place as one on the previous scanned row is the same candidate and is
// not counted again. It is a rough upper bound of gozxing's candidates.
func finderHits(lum []byte, w, h int, thr byte) (int, int) {
	type hit struct{ cx, m float64 }
	var count [2]int
	var prev, cur [2][]hit
	for y := 0; y < h; y += 3 {
		row := lum[y*w : y*w+w]
		var runs [5]int
		nruns := 0
		curRun, curDark := 0, row[0] < thr
		cur[0], cur[1] = cur[0][:0], cur[1][:0]
		end := func(x int) {
			copy(runs[:], runs[1:])
			runs[4] = curRun
			nruns++
			if nruns < 5 || !crossRatio(runs) {
				return
			}
			pol := 0
			if !curDark {
				pol = 1
			}
			total := runs[0] + runs[1] + runs[2] + runs[3] + runs[4]
			h := hit{cx: float64(x) - float64(total)/2, m: float64(total) / 7}
			if len(cur[pol]) < 1<<16 {
				cur[pol] = append(cur[pol], h)
			}
			for _, p := range prev[pol] {
				if p.cx-h.cx < 2*h.m && h.cx-p.cx < 2*h.m {
					return
				}
			}
			count[pol]++
		}
		for x := 0; x < w; x++ {
			dark := row[x] < thr
			if dark != curDark {
				end(x)
				curRun, curDark = 0, dark
			}
			curRun++
		}
		end(w)
		prev, cur = cur, prev
	}
	return count[0], count[1]
}

// crossRatio: runs (dark, light, dark, light, dark) within gozxing's
// tolerance of 1:1:3:1:1.
func crossRatio(r [5]int) bool {
	total := r[0] + r[1] + r[2] + r[3] + r[4]
	if total < 7 {
		return false
	}
	m := float64(total) / 7
	v := m / 2
	abs := func(x float64) float64 {
		if x < 0 {
			return -x
		}
		return x
	}
	return abs(m-float64(r[0])) < v && abs(m-float64(r[1])) < v && abs(3*m-float64(r[2])) < 3*v &&
		abs(m-float64(r[3])) < v && abs(m-float64(r[4])) < v
}

// darkBorder: the mean of the outermost pixels is dark.
func darkBorder(lum []byte, w, h int) bool {
	sum, n := 0, 0
	for x := 0; x < w; x++ {
		sum += int(lum[x]) + int(lum[(h-1)*w+x])
		n += 2
	}
	for y := 0; y < h; y++ {
		sum += int(lum[y*w]) + int(lum[y*w+w-1])
		n += 2
	}
	return sum < 100*n
}

var errPanic = errors.New("qr: decoder panic")

// guard runs f, turning a panic in the decoder library into no result.
func guard(f func() []string) (out []string) {
	defer func() {
		if r := recover(); r != nil {
			out = nil
		}
	}()
	return f()
}

var hintsHarder = map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}

func multiPass(bin gozxing.Binarizer) []string {
	return guard(func() []string {
		bmp, err := gozxing.NewBinaryBitmap(bin)
		if err != nil {
			return nil
		}
		res, err := qrcode.NewQRCodeMultiReader().DecodeMultiple(bmp, nil)
		if err != nil {
			return nil
		}
		var out []string
		for _, r := range res {
			if r != nil {
				out = append(out, r.GetText())
			}
		}
		return out
	})
}

func singlePass(bin gozxing.Binarizer) []string {
	return guard(func() []string {
		bmp, err := gozxing.NewBinaryBitmap(bin)
		if err != nil {
			return nil
		}
		r, err := single.NewQRCodeReader().Decode(bmp, hintsHarder)
		if err != nil || r == nil {
			return nil
		}
		return []string{r.GetText()}
	})
}

// luminance returns the 8-bit luminance of img, transparent pixels
// composited on white, box-downscaled by an integer factor so that it has
// at most maxPixels pixels.
func luminance(img image.Image, maxPixels int) ([]byte, int, int) {
	b := img.Bounds()
	W, H := b.Dx(), b.Dy()
	f := 1
	if W*H > maxPixels {
		f = int(math.Ceil(math.Sqrt(float64(W*H) / float64(maxPixels))))
	}
	w, h := W/f, H/f
	if w <= 0 || h <= 0 {
		return nil, 0, 0
	}
	out := make([]byte, w*h)
	if f == 1 && copyLuminance(out, img) {
		return out, w, h
	}
	at := lumFunc(img)
	n := uint32(f * f)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var sum uint32
			for dy := 0; dy < f; dy++ {
				for dx := 0; dx < f; dx++ {
					sum += uint32(at(b.Min.X+x*f+dx, b.Min.Y+y*f+dy))
				}
			}
			out[y*w+x] = byte(sum / n)
		}
	}
	return out, w, h
}

// copyLuminance fills out with the luminance of img as lumFunc reads it,
// row by row without a call per pixel, for the image types the decoders
// give (grey and JPEG images hold it as it is), and reports whether it did.
func copyLuminance(out []byte, img image.Image) bool {
	b := img.Bounds()
	w := b.Dx()
	rows := func(fill func(row []byte, y int)) bool {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			fill(out[(y-b.Min.Y)*w:][:w], y)
		}
		return true
	}
	switch m := img.(type) {
	case *image.Gray:
		return rows(func(row []byte, y int) { copy(row, m.Pix[m.PixOffset(b.Min.X, y):]) })
	case *image.YCbCr:
		return rows(func(row []byte, y int) { copy(row, m.Y[m.YOffset(b.Min.X, y):]) })
	case *image.NRGBA:
		return rows(func(row []byte, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):][:4*w]
			for x := range row {
				q := p[4*x : 4*x+4]
				row[x] = onWhite(rgbLum(uint32(q[0]), uint32(q[1]), uint32(q[2])), uint32(q[3]))
			}
		})
	case *image.Paletted:
		lut := make([]uint8, len(m.Palette))
		for i, c := range m.Palette {
			lut[i] = genericLum(c.RGBA())
		}
		return rows(func(row []byte, y int) {
			for x, i := range m.Pix[m.PixOffset(b.Min.X, y):][:w] {
				row[x] = 255
				if int(i) < len(lut) {
					row[x] = lut[i]
				}
			}
		})
	}
	return false
}

// lumFunc returns a fast per-pixel luminance reader for the common image
// types and a generic one for the rest.
func lumFunc(img image.Image) func(x, y int) uint8 {
	switch m := img.(type) {
	case *image.Gray:
		return func(x, y int) uint8 { return m.Pix[m.PixOffset(x, y)] }
	case *image.YCbCr:
		return func(x, y int) uint8 { return m.Y[m.YOffset(x, y)] }
	case *image.NRGBA:
		return func(x, y int) uint8 {
			p := m.Pix[m.PixOffset(x, y):]
			return onWhite(rgbLum(uint32(p[0]), uint32(p[1]), uint32(p[2])), uint32(p[3]))
		}
	case *image.RGBA:
		return func(x, y int) uint8 {
			p := m.Pix[m.PixOffset(x, y):]
			// premultiplied: lum of the colour plus white behind it
			return uint8(min(255, rgbLum(uint32(p[0]), uint32(p[1]), uint32(p[2]))+(255-uint32(p[3]))))
		}
	case *image.Paletted:
		lut := make([]uint8, len(m.Palette))
		for i, c := range m.Palette {
			lut[i] = genericLum(c.RGBA())
		}
		return func(x, y int) uint8 {
			i := int(m.Pix[m.PixOffset(x, y)])
			if i < len(lut) {
				return lut[i]
			}
			return 255
		}
	}
	return func(x, y int) uint8 { return genericLum(img.At(x, y).RGBA()) }
}

func rgbLum(r, g, b uint32) uint32 { return (r + 2*g + b) / 4 }

func onWhite(l, a uint32) uint8 { return uint8((l*a + 255*(255-a)) / 255) }

// genericLum takes premultiplied 16-bit RGBA.
func genericLum(r, g, b, a uint32) uint8 {
	l := (r + 2*g + b) / 4 // premultiplied, 0..0xffff
	return uint8((l + (0xffff - a)) >> 8)
}
