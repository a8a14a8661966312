package outlookmsg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Compressed RTF (PR_RTF_COMPRESSED) per [MS-OXRTFCP]: a 16-byte header
// (COMPSIZE, RAWSIZE, COMPTYPE, CRC) then either LZFu-compressed data or,
// with COMPTYPE "MELA", the RTF as is.

const (
	compTypeLZFu = 0x75465A4C // "LZFu"
	compTypeMELA = 0x414C454D // "MELA"
)

// lzfuDict is the initial content of the 4096-byte dictionary ([MS-OXRTFCP] 2.1.3.1.1).
const lzfuDict = `{\rtf1\ansi\mac\deff0\deftab720{\fonttbl;}{\f0\fnil \froman \fswiss \fmodern \fscript \fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\colortbl\red0\green0\blue0` + "\r\n" + `\par \pard\plain\f0\fs20\b\i\u\tab\tx`

// ErrRTF is wrapped by every error of DecompressRTF.
var ErrRTF = errors.New("compressed RTF")

// DecompressRTF returns the RTF held in a PR_RTF_COMPRESSED value. Output
// beyond max bytes is an error; so are a bad header, a CRC mismatch and
// compressed data that ends before its end marker.
func DecompressRTF(src []byte, max int) ([]byte, error) {
	if len(src) < 16 {
		return nil, fmt.Errorf("%w: %d bytes, shorter than its 16-byte header", ErrRTF, len(src))
	}
	compSize := binary.LittleEndian.Uint32(src[0:4])
	rawSize := binary.LittleEndian.Uint32(src[4:8])
	compType := binary.LittleEndian.Uint32(src[8:12])
	crc := binary.LittleEndian.Uint32(src[12:16])
	if uint64(compSize) < 12 || uint64(compSize)+4 > uint64(len(src)) {
		return nil, fmt.Errorf("%w: header says %d compressed bytes, the value holds %d", ErrRTF, compSize, len(src)-4)
	}
	data := src[16 : 4+compSize]
	switch compType {
	case compTypeMELA:
		if int(rawSize) > len(data) {
			return nil, fmt.Errorf("%w: uncompressed RTF says %d bytes, holds %d", ErrRTF, rawSize, len(data))
		}
		if int(rawSize) > max {
			return nil, fmt.Errorf("%w: %d bytes, over the %d-byte limit", ErrRTF, rawSize, max)
		}
		return append([]byte(nil), data[:rawSize]...), nil
	case compTypeLZFu:
	default:
		return nil, fmt.Errorf("%w: unknown compression type %#08x", ErrRTF, compType)
	}
	if got := rtfCRC(data); got != crc {
		return nil, fmt.Errorf("%w: CRC %#08x, header says %#08x", ErrRTF, got, crc)
	}
	var dict [4096]byte
	copy(dict[:], lzfuDict)
	w := len(lzfuDict)
	capHint := int(rawSize)
	if capHint > max || capHint < 0 {
		capHint = max
	}
	out := make([]byte, 0, min(capHint, 1<<20))
	put := func(b byte) error {
		if len(out) >= max {
			return fmt.Errorf("%w: decompresses to more than %d bytes (the limit)", ErrRTF, max)
		}
		out = append(out, b)
		dict[w] = b
		w = (w + 1) & 0xFFF
		return nil
	}
	i := 0
	for i < len(data) {
		control := data[i]
		i++
		for bit := 0; bit < 8; bit++ {
			if control&(1<<bit) == 0 {
				if i >= len(data) {
					return nil, fmt.Errorf("%w: data ends inside a run of literals", ErrRTF)
				}
				if err := put(data[i]); err != nil {
					return nil, err
				}
				i++
				continue
			}
			if i+2 > len(data) {
				return nil, fmt.Errorf("%w: data ends inside a dictionary reference", ErrRTF)
			}
			ref := int(data[i])<<8 | int(data[i+1])
			i += 2
			off, n := ref>>4, ref&0xF+2
			if off == w {
				return out, nil // the end marker
			}
			for k := 0; k < n; k++ {
				if err := put(dict[(off+k)&0xFFF]); err != nil {
					return nil, err
				}
			}
		}
	}
	return nil, fmt.Errorf("%w: data ends without its end marker", ErrRTF)
}

// rtfCRC is the CRC of [MS-OXRTFCP] 2.1.3.2: the IEEE table, starting at 0
// and without the final inversion.
func rtfCRC(b []byte) uint32 {
	return ^crc32.Update(^uint32(0), crc32.IEEETable, b)
}
