package msgtest

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"sort"
	"time"
	"unicode/utf16"
)

// Property types.
const (
	PtLong    = 0x0003
	PtString8 = 0x001E
	PtUnicode = 0x001F
	PtSystime = 0x0040
	PtBinary  = 0x0102
	PtObject  = 0x000D
)

// Props is one property object (a message, a recipient or an attachment):
// fixed-size values go into its __properties_version1.0 stream, the others
// into __substg1.0_ streams.
type Props struct {
	fixed    map[uint32][8]byte
	streams  []*Node
	Children []*Node // recipient and attachment storages, attached message storages
}

// NewProps returns an empty property object.
func NewProps() *Props { return &Props{fixed: map[uint32][8]byte{}} }

func name(id, typ int) string { return fmt.Sprintf("__substg1.0_%04X%04X", id, typ) }

// Unicode sets a PT_UNICODE string.
func (p *Props) Unicode(id int, s string) *Props {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 2*len(u)+2)
	for _, c := range u {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	b = append(b, 0, 0)
	return p.Raw(id, PtUnicode, b)
}

// String8 sets a PT_STRING8 value from bytes already in the code page.
func (p *Props) String8(id int, b []byte) *Props {
	return p.Raw(id, PtString8, append(append([]byte(nil), b...), 0))
}

// Binary sets a PT_BINARY value.
func (p *Props) Binary(id int, b []byte) *Props { return p.Raw(id, PtBinary, b) }

// Raw sets a variable-length property stream as is.
func (p *Props) Raw(id, typ int, b []byte) *Props {
	p.streams = append(p.streams, Stream(name(id, typ), b))
	var v [8]byte
	binary.LittleEndian.PutUint32(v[:], uint32(len(b)))
	p.fixed[uint32(id)<<16|uint32(typ)] = v
	return p
}

// Long sets a PT_LONG.
func (p *Props) Long(id int, n int32) *Props {
	var v [8]byte
	binary.LittleEndian.PutUint32(v[:], uint32(n))
	p.fixed[uint32(id)<<16|PtLong] = v
	return p
}

// Time sets a PT_SYSTIME.
func (p *Props) Time(id int, t time.Time) *Props {
	var v [8]byte
	ft := uint64(t.UnixNano()/100) + 116444736000000000
	binary.LittleEndian.PutUint64(v[:], ft)
	p.fixed[uint32(id)<<16|PtSystime] = v
	return p
}

// Nodes returns the property object's streams and child storages; header
// is the size of the property stream's header: 32 for the top-level
// message, 24 for an attached message, 8 for recipients and attachments.
func (p *Props) Nodes(header int) []*Node {
	tags := make([]uint32, 0, len(p.fixed))
	for t := range p.fixed {
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i] < tags[j] })
	ps := make([]byte, header)
	for _, t := range tags {
		v := p.fixed[t]
		ps = binary.LittleEndian.AppendUint32(ps, t)
		ps = binary.LittleEndian.AppendUint32(ps, 6) // readable, writable
		ps = append(ps, v[:]...)
	}
	out := []*Node{Stream("__properties_version1.0", ps)}
	out = append(out, p.streams...)
	return append(out, p.Children...)
}

// Recipient adds a recipient storage.
func (p *Props) Recipient(r *Props) *Props {
	n := 0
	for _, c := range p.Children {
		if len(c.Name) > 18 && c.Name[:18] == "__recip_version1.0" {
			n++
		}
	}
	p.Children = append(p.Children, Dir(fmt.Sprintf("__recip_version1.0_#%08X", n), r.Nodes(8)...))
	return p
}

// Attachment adds an attachment storage.
func (p *Props) Attachment(a *Props) *Props {
	n := 0
	for _, c := range p.Children {
		if len(c.Name) > 19 && c.Name[:19] == "__attach_version1.0" {
			n++
		}
	}
	p.Children = append(p.Children, Dir(fmt.Sprintf("__attach_version1.0_#%08X", n), a.Nodes(8)...))
	return p
}

// Embed returns an attachment holding msg as an attached message.
func Embed(msg *Props, filename string) *Props {
	a := NewProps().Unicode(0x3707, filename).Long(0x3705, 5)
	a.Children = append(a.Children, Dir(name(0x3701, PtObject), msg.Nodes(24)...))
	return a
}

// Msg writes p as the top-level message of a .msg file.
func Msg(p *Props) []byte { return CFB(p.Nodes(32)...) }

// CompressRTF wraps RTF in the PR_RTF_COMPRESSED format using literal runs
// only (valid LZFu that any decompressor must read).
func CompressRTF(rtf []byte) []byte {
	const dictStart = 207
	var body []byte
	w := dictStart
	i := 0
	for {
		ctl := len(body)
		body = append(body, 0)
		for bit := 0; bit < 8; bit++ {
			if i < len(rtf) {
				body = append(body, rtf[i])
				i++
				w = (w + 1) & 0xFFF
				continue
			}
			body[ctl] |= 1 << bit
			ref := w << 4
			body = append(body, byte(ref>>8), byte(ref))
			return lzfuHeader(body, len(rtf))
		}
	}
}

func lzfuHeader(body []byte, raw int) []byte {
	h := make([]byte, 16)
	binary.LittleEndian.PutUint32(h[0:], uint32(len(body)+12))
	binary.LittleEndian.PutUint32(h[4:], uint32(raw))
	binary.LittleEndian.PutUint32(h[8:], 0x75465A4C)
	binary.LittleEndian.PutUint32(h[12:], ^crc32.Update(^uint32(0), crc32.IEEETable, body))
	return append(h, body...)
}
