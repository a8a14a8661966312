// Package msgtest writes small Outlook .msg files for tests: a minimal
// Compound File Binary writer (version 3, 512-byte sectors, mini stream for
// streams under 4096 bytes) and a builder for MS-OXMSG property storages.
// It exists so that tests never need real mail files.
package msgtest

import (
	"encoding/binary"
	"unicode/utf16"
)

// Node is a storage (Children) or a stream (Data) in a compound file.
type Node struct {
	Name     string
	Data     []byte
	Children []*Node
	Storage  bool
}

// Stream returns a stream node.
func Stream(name string, data []byte) *Node { return &Node{Name: name, Data: data} }

// Dir returns a storage node.
func Dir(name string, children ...*Node) *Node {
	return &Node{Name: name, Children: children, Storage: true}
}

const (
	freeSect   = 0xFFFFFFFF
	endOfChain = 0xFFFFFFFE
	fatSect    = 0xFFFFFFFD
	noStream   = 0xFFFFFFFF
	sectorSize = 512
	miniSize   = 64
	miniCutoff = 4096
)

type entry struct {
	n                  *Node
	typ                byte
	left, right, child uint32
	start              uint32
	size               uint64
}

// CFB writes the children of root as a compound file.
func CFB(root ...*Node) []byte {
	// directory entries: root first, then depth first
	ents := []*entry{{n: &Node{Name: "Root Entry"}, typ: 5, left: noStream, right: noStream, child: noStream}}
	var add func(parent int, kids []*Node)
	add = func(parent int, kids []*Node) {
		prev := -1
		for _, k := range kids {
			e := &entry{n: k, typ: 2, left: noStream, right: noStream, child: noStream}
			if k.Storage {
				e.typ = 1
			}
			ents = append(ents, e)
			idx := len(ents) - 1
			if prev < 0 {
				ents[parent].child = uint32(idx)
			} else {
				ents[prev].right = uint32(idx)
			}
			prev = idx
			if k.Storage {
				add(idx, k.Children)
			}
		}
	}
	add(0, root)

	var fat []uint32
	var sectors [][]byte
	alloc := func(data []byte) uint32 {
		if len(data) == 0 {
			return endOfChain
		}
		first := uint32(len(sectors))
		for off := 0; off < len(data); off += sectorSize {
			s := make([]byte, sectorSize)
			copy(s, data[off:])
			sectors = append(sectors, s)
			fat = append(fat, uint32(len(sectors)))
		}
		fat[len(fat)-1] = endOfChain
		return first
	}

	// small streams go to the mini stream
	var mini []byte
	var minifat []uint32
	for _, e := range ents[1:] {
		if e.typ != 2 {
			continue
		}
		e.size = uint64(len(e.n.Data))
		if len(e.n.Data) == 0 {
			e.start = endOfChain
			continue
		}
		if len(e.n.Data) < miniCutoff {
			e.start = uint32(len(mini) / miniSize)
			for off := 0; off < len(e.n.Data); off += miniSize {
				s := make([]byte, miniSize)
				copy(s, e.n.Data[off:])
				mini = append(mini, s...)
				minifat = append(minifat, uint32(len(mini)/miniSize))
			}
			minifat[len(minifat)-1] = endOfChain
			continue
		}
		e.start = alloc(e.n.Data)
	}
	ents[0].start = alloc(mini)
	ents[0].size = uint64(len(mini))
	if len(mini) == 0 {
		ents[0].start = endOfChain
	}
	var mfBytes []byte
	for _, v := range minifat {
		mfBytes = binary.LittleEndian.AppendUint32(mfBytes, v)
	}
	miniFatStart := alloc(mfBytes)
	numMiniFat := (len(mfBytes) + sectorSize - 1) / sectorSize

	var dir []byte
	for _, e := range ents {
		dir = append(dir, dirEntry(e)...)
	}
	dirStart := alloc(dir)

	// FAT sectors come last and cover themselves.
	numFat := 1
	for (len(sectors)+numFat)*4 > numFat*sectorSize {
		numFat++
	}
	fatStart := uint32(len(sectors))
	for i := 0; i < numFat; i++ {
		fat = append(fat, fatSect)
	}
	var fatBytes []byte
	for _, v := range fat {
		fatBytes = binary.LittleEndian.AppendUint32(fatBytes, v)
	}
	for len(fatBytes) < numFat*sectorSize {
		fatBytes = binary.LittleEndian.AppendUint32(fatBytes, freeSect)
	}
	for off := 0; off < len(fatBytes); off += sectorSize {
		sectors = append(sectors, fatBytes[off:off+sectorSize])
	}
	if numFat > 109 {
		panic("msgtest: file too large for a header-only DIFAT")
	}

	h := make([]byte, sectorSize)
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le := binary.LittleEndian
	le.PutUint16(h[24:], 0x003E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], uint32(numFat))
	le.PutUint32(h[48:], dirStart)
	le.PutUint32(h[56:], miniCutoff)
	le.PutUint32(h[60:], miniFatStart)
	le.PutUint32(h[64:], uint32(numMiniFat))
	le.PutUint32(h[68:], endOfChain)
	for i := 0; i < 109; i++ {
		v := uint32(freeSect)
		if i < numFat {
			v = fatStart + uint32(i)
		}
		le.PutUint32(h[76+4*i:], v)
	}
	out := h
	for _, s := range sectors {
		out = append(out, s...)
	}
	return out
}

func dirEntry(e *entry) []byte {
	b := make([]byte, 128)
	name := utf16.Encode([]rune(e.n.Name))
	if len(name) > 31 {
		name = name[:31]
	}
	for i, c := range name {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	binary.LittleEndian.PutUint16(b[64:], uint16(2*(len(name)+1)))
	b[66] = e.typ
	b[67] = 1 // black
	binary.LittleEndian.PutUint32(b[68:], e.left)
	binary.LittleEndian.PutUint32(b[72:], e.right)
	binary.LittleEndian.PutUint32(b[76:], e.child)
	binary.LittleEndian.PutUint32(b[116:], e.start)
	binary.LittleEndian.PutUint64(b[120:], e.size)
	return b
}
