package qr

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/ascii85"
	"encoding/hex"
	"errors"
	"image"
	"io"
)

// pdfImage is an image XObject found in a PDF: its dictionary and raw
// (still encoded) stream bytes.
type pdfImage struct {
	dict map[string]pval
	raw  []byte
}

// pdfImages walks the top-level objects of a PDF ("n g obj << … >>
// stream … endstream") and calls yield for each image XObject, in file
// order, until yield returns false. Image XObjects are always top-level
// streams (never inside object streams), so the dictionary is readable
// without decompressing anything. Inline images (BI … ID … EI inside page
// content) and vector-drawn codes are not seen.
func pdfImages(data []byte, yield func(pdfImage) bool) {
	p := 0
	for p < len(data) {
		i := bytes.Index(data[p:], []byte("obj"))
		if i < 0 {
			return
		}
		i += p
		p = i + 3
		if i == 0 || !(isWS(data[i-1])) || !hasKeywordAt(data, i, "obj") {
			continue
		}
		l := &lexer{b: data, p: p, end: min(len(data), p+maxLexBytes)}
		l.skipWS()
		if l.p+1 >= l.end || data[l.p] != '<' || data[l.p+1] != '<' {
			continue
		}
		v, ok := l.value(0)
		if !ok || v.kind != pDict {
			p = max(p, l.p) // never lex the same bytes twice
			continue
		}
		p = l.p
		l.end = len(data)
		l.skipWS()
		if !hasKeywordAt(data, l.p, "stream") {
			continue
		}
		s := l.p + len("stream")
		if s < len(data) && data[s] == '\r' {
			s++
		}
		if s < len(data) && data[s] == '\n' {
			s++
		}
		e := -1
		if n, ok := v.dict["Length"].int(); ok && n >= 0 && s+n <= len(data) {
			q := s + n
			for q < len(data) && isWS(data[q]) {
				q++
			}
			if hasKeywordAt(data, q, "endstream") {
				e = s + n
			}
		}
		if e < 0 {
			k := bytes.Index(data[s:], []byte("endstream"))
			if k < 0 {
				e = len(data)
			} else {
				e = s + k
			}
		}
		p = e
		if isImage(v.dict) && !yield(pdfImage{dict: v.dict, raw: data[s:e]}) {
			return
		}
	}
}

func isImage(d map[string]pval) bool {
	st := d["Subtype"]
	if st.kind != pName || st.s != "Image" {
		return false
	}
	if t, ok := d["Type"]; ok && (t.kind != pName || t.s != "XObject") {
		return false
	}
	return true
}

// pdf scans the images of a PDF for QR codes.
func (d *decoder) pdf(data []byte) error {
	var err error
	n := 0
	pdfImages(data, func(im pdfImage) bool {
		if d.expired() {
			err = ErrTimeout
			return false
		}
		if d.full() || n >= d.lim.MaxImages {
			return false
		}
		n++
		if e := d.pdfImage(im); errors.Is(e, ErrTimeout) {
			err = e
			return false
		}
		return true
	})
	return err
}

// filters returns the filter names of a stream, in order.
func filters(d map[string]pval) ([]string, []pval) {
	f, parms := d["Filter"], d["DecodeParms"]
	if f.kind == pNone {
		f, parms = d["F"], d["DP"]
	}
	switch f.kind {
	case pName:
		return []string{f.s}, []pval{parms}
	case pArr:
		var names []string
		var ps []pval
		for i, x := range f.arr {
			if x.kind != pName {
				return nil, nil
			}
			names = append(names, x.s)
			if parms.kind == pArr && i < len(parms.arr) {
				ps = append(ps, parms.arr[i])
			} else {
				ps = append(ps, pval{})
			}
		}
		return names, ps
	}
	return nil, nil
}

var errUnsupportedImage = errors.New("qr: pdf image encoding not supported")

// pdfImage decodes one image XObject to luminance and scans it.
func (d *decoder) pdfImage(im pdfImage) error {
	names, parms := filters(im.dict)
	var r io.Reader = bytes.NewReader(im.raw)
	for i, f := range names {
		last := i == len(names)-1
		switch f {
		case "FlateDecode", "Fl":
			if !last {
				r = inflate(r, int64(d.lim.MaxBytes))
				continue
			}
			return d.rawImage(im.dict, inflate(r, -1), parms[i])
		case "ASCIIHexDecode", "AHx":
			r = hex.NewDecoder(asciiHexFilter{r})
		case "ASCII85Decode", "A85":
			r = ascii85.NewDecoder(ascii85Filter{r: r})
		case "DCTDecode", "DCT":
			if !last {
				return errUnsupportedImage
			}
			b, err := io.ReadAll(io.LimitReader(r, int64(d.lim.MaxBytes)+1))
			if err != nil || len(b) > d.lim.MaxBytes {
				return errUnsupportedImage
			}
			return d.imageBytes(b, KindJPEG)
		default: // CCITTFax, LZW, RunLength, JBIG2, JPX, Crypt: not decoded
			return errUnsupportedImage
		}
	}
	return d.rawImage(im.dict, r, pval{})
}

// inflate decompresses zlib (or, failing its header, raw deflate) data.
// n > 0 bounds the output.
func inflate(r io.Reader, n int64) io.Reader {
	br := &peekReader{r: r}
	var out io.Reader
	if zr, err := zlib.NewReader(br); err == nil {
		out = zr
	} else {
		br.rewind()
		out = flate.NewReader(br)
	}
	if n > 0 {
		out = io.LimitReader(out, n)
	}
	return out
}

// peekReader keeps the first bytes read so a failed zlib header can be
// re-read as raw deflate.
type peekReader struct {
	r     io.Reader
	kept  []byte
	off   int
	fresh bool
}

func (p *peekReader) Read(b []byte) (int, error) {
	if p.fresh && p.off < len(p.kept) {
		n := copy(b, p.kept[p.off:])
		p.off += n
		return n, nil
	}
	n, err := p.r.Read(b)
	if !p.fresh && len(p.kept) < 64 {
		p.kept = append(p.kept, b[:min(n, 64-len(p.kept))]...)
	}
	return n, err
}

func (p *peekReader) rewind() { p.fresh, p.off = true, 0 }

// asciiHexFilter stops at the '>' end marker and drops white space.
type asciiHexFilter struct{ r io.Reader }

func (a asciiHexFilter) Read(b []byte) (int, error) {
	n, err := a.r.Read(b)
	j := 0
	for i := 0; i < n; i++ {
		c := b[i]
		if c == '>' {
			return j, io.EOF
		}
		if isHex(c) {
			b[j] = c
			j++
		}
	}
	return j, err
}

// ascii85Filter stops at the "~>" end marker.
type ascii85Filter struct {
	r    io.Reader
	done bool
}

func (a ascii85Filter) Read(b []byte) (int, error) {
	if a.done {
		return 0, io.EOF
	}
	n, err := a.r.Read(b)
	if i := bytes.IndexByte(b[:n], '~'); i >= 0 {
		return i, io.EOF
	}
	return n, err
}

// geometry is what a raw image's dictionary says about its samples.
type geometry struct {
	w, h, bpc, comps int
	palette          []byte // Indexed: base colour components per entry
	palComps         int
	hival            int
}

func imageGeometry(d map[string]pval) (geometry, bool) {
	var g geometry
	var ok1, ok2 bool
	g.w, ok1 = d["Width"].int()
	if !ok1 {
		g.w, ok1 = d["W"].int()
	}
	g.h, ok2 = d["Height"].int()
	if !ok2 {
		g.h, ok2 = d["H"].int()
	}
	if !ok1 || !ok2 || g.w <= 0 || g.h <= 0 || g.w > 1<<16 || g.h > 1<<16 {
		return g, false
	}
	mask := d["ImageMask"]
	if mask.kind == pKeyword && mask.s == "true" {
		g.bpc, g.comps = 1, 1
		return g, true
	}
	g.bpc = 8
	if b, ok := d["BitsPerComponent"].int(); ok {
		g.bpc = b
	} else if b, ok := d["BPC"].int(); ok {
		g.bpc = b
	}
	switch g.bpc {
	case 1, 2, 4, 8, 16:
	default:
		return g, false
	}
	cs := d["ColorSpace"]
	if cs.kind == pNone {
		cs = d["CS"]
	}
	g.comps = colorComps(cs)
	if cs.kind == pArr && len(cs.arr) == 4 && cs.arr[0].kind == pName && (cs.arr[0].s == "Indexed" || cs.arr[0].s == "I") {
		g.comps = 1
		g.hival, _ = cs.arr[2].int()
		if lut := cs.arr[3]; lut.kind == pStr {
			if pc := colorComps(cs.arr[1]); pc > 0 && len(lut.s) >= pc {
				g.palette, g.palComps = []byte(lut.s), pc
			}
		}
		if g.palette == nil && g.hival <= 0 {
			g.hival = 1<<g.bpc - 1
		}
	}
	return g, true
}

// colorComps returns the components of a colour space, 0 when unknown
// (an indirect reference: ICCBased and friends, guessed later).
func colorComps(cs pval) int {
	switch {
	case cs.kind == pName:
		switch cs.s {
		case "DeviceGray", "G", "CalGray":
			return 1
		case "DeviceRGB", "RGB", "CalRGB", "Lab":
			return 3
		case "DeviceCMYK", "CMYK":
			return 4
		}
	case cs.kind == pArr && len(cs.arr) > 0 && cs.arr[0].kind == pName:
		switch cs.arr[0].s {
		case "CalGray":
			return 1
		case "CalRGB", "Lab":
			return 3
		case "ICCBased":
			return 0
		}
	}
	return 0
}

// rawImage reads the samples of an uncompressed (after filters) image,
// undoing PNG/TIFF predictors row by row, into luminance.
func (d *decoder) rawImage(dict map[string]pval, r io.Reader, parms pval) error {
	g, ok := imageGeometry(dict)
	if !ok {
		return errUnsupportedImage
	}
	px := g.w * g.h
	if px > d.lim.MaxPixels || d.pixels+px > d.lim.MaxTotalPixels {
		return ErrTooManyPix
	}
	pred, colors, columns := 1, 0, g.w
	if parms.kind == pDict {
		if v, ok := parms.dict["Predictor"].int(); ok {
			pred = v
		}
		if v, ok := parms.dict["Colors"].int(); ok && v > 0 && v <= 4 {
			colors = v
		}
		if v, ok := parms.dict["Columns"].int(); ok && v > 0 {
			columns = v
		}
	}
	if g.comps == 0 {
		g.comps = colors
	}
	br := &bufReader{r: r}
	if g.comps == 0 {
		// Unknown colour space (ICCBased by reference): guess 1, 3 or 4
		// components from the decoded size, read whole (bounded).
		b, err := io.ReadAll(io.LimitReader(r, int64(g.h)*(int64(rowBytes(g.w, 4, g.bpc))+1)+1))
		if err != nil && len(b) == 0 {
			return errUnsupportedImage
		}
		extra := 0
		if pred >= 10 {
			extra = 1
		}
		for _, c := range []int{1, 3, 4} {
			if len(b) == g.h*(rowBytes(g.w, c, g.bpc)+extra) {
				g.comps = c
			}
		}
		if g.comps == 0 {
			return errUnsupportedImage
		}
		br = &bufReader{r: bytes.NewReader(b)}
	}
	if columns != g.w {
		return errUnsupportedImage
	}
	d.pixels += px
	img := image.NewGray(image.Rect(0, 0, g.w, g.h))
	rb := rowBytes(g.w, g.comps, g.bpc)
	bpp := max(1, g.comps*g.bpc/8)
	row, prev := make([]byte, rb), make([]byte, rb)
	for y := 0; y < g.h; y++ {
		if pred >= 10 {
			ft, err := br.byte()
			if err != nil {
				break
			}
			if _, err := io.ReadFull(br, row); err != nil {
				break
			}
			unfilter(ft, row, prev, bpp)
		} else {
			if _, err := io.ReadFull(br, row); err != nil {
				break // a short image keeps the rows read
			}
			if pred == 2 && g.bpc == 8 {
				for i := g.comps; i < len(row); i++ {
					row[i] += row[i-g.comps]
				}
			}
		}
		grayRow(img.Pix[y*img.Stride:y*img.Stride+g.w], row, g)
		row, prev = prev, row
	}
	return d.scan(img)
}

func rowBytes(w, comps, bpc int) int { return (w*comps*bpc + 7) / 8 }

type bufReader struct{ r io.Reader }

func (b *bufReader) Read(p []byte) (int, error) { return b.r.Read(p) }

func (b *bufReader) byte() (byte, error) {
	var one [1]byte
	_, err := io.ReadFull(b.r, one[:])
	return one[0], err
}

// unfilter undoes one PNG row filter in place.
func unfilter(ft byte, row, prev []byte, bpp int) {
	switch ft {
	case 1:
		for i := bpp; i < len(row); i++ {
			row[i] += row[i-bpp]
		}
	case 2:
		for i := range row {
			row[i] += prev[i]
		}
	case 3:
		for i := range row {
			var left byte
			if i >= bpp {
				left = row[i-bpp]
			}
			row[i] += byte((int(left) + int(prev[i])) / 2)
		}
	case 4:
		for i := range row {
			var a, c byte
			if i >= bpp {
				a, c = row[i-bpp], prev[i-bpp]
			}
			row[i] += paeth(a, prev[i], c)
		}
	}
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// sample returns sample i (0-based over the row) of bpc bits, scaled to
// 0..255 unless raw.
func sample(row []byte, i, bpc int) int {
	switch bpc {
	case 8:
		return int(row[i])
	case 16:
		return int(row[2*i])
	}
	bit := i * bpc
	v := int(row[bit/8]>>(8-bpc-bit%8)) & (1<<bpc - 1)
	return v
}

func scale(v, bpc int) int {
	if bpc >= 8 {
		return v
	}
	return v * 255 / (1<<bpc - 1)
}

// grayRow converts one row of samples to luminance.
func grayRow(dst, row []byte, g geometry) {
	if g.palette == nil && g.hival == 0 && g.bpc == 8 {
		// The common 8-bit grey and RGB rows, without the cases per pixel.
		switch g.comps {
		case 1:
			copy(dst, row)
			return
		case 3:
			for x := range dst {
				p := row[3*x : 3*x+3]
				dst[x] = byte((int(p[0]) + 2*int(p[1]) + int(p[2])) / 4) // compLum(p, 3)
			}
			return
		}
	}
	for x := range dst {
		switch {
		case g.palette != nil:
			idx := sample(row, x, g.bpc)
			o := idx * g.palComps
			if o+g.palComps > len(g.palette) {
				dst[x] = 255
				continue
			}
			dst[x] = compLum(g.palette[o:o+g.palComps], g.palComps)
		case g.hival > 0:
			idx := sample(row, x, g.bpc)
			dst[x] = byte(min(255, idx*255/g.hival))
		case g.comps == 1:
			dst[x] = byte(scale(sample(row, x, g.bpc), g.bpc))
		default:
			var c [4]byte
			for k := 0; k < g.comps && k < 4; k++ {
				c[k] = byte(scale(sample(row, x*g.comps+k, g.bpc), g.bpc))
			}
			dst[x] = compLum(c[:g.comps], g.comps)
		}
	}
}

func compLum(c []byte, comps int) byte {
	switch comps {
	case 1:
		return c[0]
	case 3:
		return byte((int(c[0]) + 2*int(c[1]) + int(c[2])) / 4)
	case 4: // CMYK
		k := int(c[3])
		r, g, b := (255-int(c[0]))*(255-k)/255, (255-int(c[1]))*(255-k)/255, (255-int(c[2]))*(255-k)/255
		return byte((r + 2*g + b) / 4)
	}
	return 255
}
