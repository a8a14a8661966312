package phrase

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Limits on the phrases a Matcher accepts.
const (
	MaxPatterns   = 1 << 15
	MaxPatternLen = 256 // bytes, after folding
)

// Pattern is one phrase to find.
type Pattern struct {
	Text string
	// Start and End ask for a word boundary before and after the phrase:
	// where the phrase begins (ends) with an ASCII letter or digit, the text
	// must not have another one just before (after) it ("ups" does not match
	// in "groups"); likewise for katakana ("イオン" does not match in
	// "ライオン"). Other scripts (kanji, hiragana) have no word boundaries.
	Start, End bool
	// Standalone: the phrase must not be part of an e-mail address, domain
	// name, path or identifier: no '@', '.', '/' or '_' directly before it,
	// and no '@', '/', '_' or '.'+letter directly after it.
	Standalone bool
	// Cased: the matched original text must contain an upper-case letter
	// ("Apple" but not "apple").
	Cased bool
}

// Match is an occurrence of a pattern in the original text.
type Match struct {
	Pattern    int // index into the patterns given to New
	Start, End int // byte offsets into the original text
}

type pattern struct {
	folded     []byte
	start, end bool
	standalone bool
	cased      bool
}

// Matcher finds patterns in text. It is immutable after New and safe for
// concurrent use.
type Matcher struct {
	pats []pattern
	// first is a bitset over a 16-bit hash of the first three folded bytes
	// of every pattern (two bytes would put every katakana phrase in one
	// bucket); the patterns with hash k are cand[off[k]:off[k+1]].
	first [1 << 16 / 64]uint64
	off   []int32 // 1<<16 + 1 entries
	cand  []candidate
	bufs  sync.Pool // *scratch
	// members are the Matchers a union was built from (nil for New's);
	// member i's patterns are pats[base[i]:base[i]+members[i].Len()].
	members []*Matcher
	base    []int
}

// candidate is a pattern of a hash bucket with its first eight folded
// bytes (all of a shorter pattern), which reject most candidates of the
// bucket without reading the pattern: many phrases share their first
// words ("within 24 hours", "within 48 hours").
type candidate struct {
	head, mask uint64 // the first bytes, big-endian, and which of eight there are
	pat        int32
}

// head8 returns the big-endian first eight bytes of b (zero-padded) and
// the mask of those b has.
func head8(b []byte) (head, mask uint64) {
	for j := 0; j < 8; j++ {
		head <<= 8
		mask <<= 8
		if j < len(b) {
			head |= uint64(b[j])
			mask |= 0xff
		}
	}
	return head, mask
}

type scratch struct {
	out  []byte
	pos  []int32
	seen []uint64
}

// New builds a Matcher. Every pattern must fold to 3..MaxPatternLen bytes.
func New(patterns []Pattern) (*Matcher, error) {
	if len(patterns) > MaxPatterns {
		return nil, fmt.Errorf("phrase: %d patterns, at most %d", len(patterns), MaxPatterns)
	}
	pats := make([]pattern, 0, len(patterns))
	for i, p := range patterns {
		f := []byte(Fold(p.Text))
		if len(f) > 0 && f[len(f)-1] == ' ' {
			f = f[:len(f)-1]
		}
		switch {
		case len(f) < 3:
			return nil, fmt.Errorf("phrase: pattern %d (%q) folds to fewer than 3 bytes", i, p.Text)
		case len(f) > MaxPatternLen:
			return nil, fmt.Errorf("phrase: pattern %d is longer than %d bytes", i, MaxPatternLen)
		}
		pats = append(pats, pattern{folded: f, start: p.Start, end: p.End, standalone: p.Standalone, cased: p.Cased})
	}
	if len(pats) == 0 {
		return nil, errors.New("phrase: no patterns")
	}
	return build(pats), nil
}

// Union builds a Matcher for the patterns of all the members together,
// member by member in the given order, without folding them again. Its
// matches in a text, restricted to one member's patterns, are that
// member's own matches in the same order (see find): a Folded made by
// FoldTextFor with the union finds every member's matches in one pass
// over the text.
func Union(members ...*Matcher) (*Matcher, error) {
	var pats []pattern
	base := make([]int, len(members))
	for i, m := range members {
		base[i] = len(pats)
		pats = append(pats, m.pats...)
	}
	switch {
	case len(pats) == 0:
		return nil, errors.New("phrase: no patterns")
	case len(pats) > MaxPatterns:
		return nil, fmt.Errorf("phrase: %d patterns, at most %d", len(pats), MaxPatterns)
	}
	u := build(pats)
	u.members = slices.Clone(members)
	u.base = base
	return u, nil
}

// build indexes the folded patterns.
func build(pats []pattern) *Matcher {
	m := &Matcher{pats: pats, off: make([]int32, 1<<16+1)}
	keys := make([]uint16, 0, len(pats))
	for _, p := range pats {
		k := key(p.folded[0], p.folded[1], p.folded[2])
		m.first[k/64] |= 1 << (k % 64)
		keys = append(keys, k)
		m.off[int(k)+1]++
	}
	// Counting sort of the patterns by the hash of their first three
	// bytes, stable so that patterns starting at the same place are tried
	// in input order.
	for k := 1; k < len(m.off); k++ {
		m.off[k] += m.off[k-1]
	}
	m.cand = make([]candidate, len(keys))
	next := slices.Clone(m.off[:1<<16])
	for i, k := range keys {
		head, mask := head8(m.pats[i].folded)
		m.cand[next[k]] = candidate{head: head, mask: mask, pat: int32(i)}
		next[k]++
	}
	m.bufs.New = func() any { return new(scratch) }
	return m
}

// Len is the number of patterns.
func (m *Matcher) Len() int { return len(m.pats) }

// Folded returns pattern i as it is matched.
func (m *Matcher) Folded(i int) string { return string(m.pats[i].folded) }

// Find returns the first acceptable occurrence of every pattern found in
// text, in the order they occur (by start, then by pattern index). The work
// is linear in len(text) plus the number of candidate comparisons; callers
// bound len(text).
func (m *Matcher) Find(text string) []Match {
	sc := m.bufs.Get().(*scratch)
	defer m.bufs.Put(sc)
	sc.out, sc.pos = fold(sc.out[:0], sc.pos[:0], true, text)
	return m.find(nil, text, sc.out, sc.pos, sc)
}

// Folded is a text folded once, so that several Matchers (brands, lures,
// scams) can search the same mail body without each folding it again.
// It is immutable (until Release) and safe for concurrent use.
type Folded struct {
	text string
	out  []byte  // the folded text
	pos  []int32 // for every byte of out, the offset in text it came from
	// union, when not nil, finds the matches of all its members in text
	// once, on the first member's FindFolded of all of text.
	union    *Matcher
	mu       sync.Mutex
	searched bool    // union has searched text (under mu)
	matches  []Match // union's matches in text, once searched
}

// FoldText folds text for FindFolded. Call Release when done with it.
func FoldText(text string) *Folded { return FoldTextFor(text, nil) }

// FoldTextFor is FoldText for the members of union (built by Union): the
// first member to search all of text finds the matches of every member in
// one pass, and the others take theirs from it. A nil union is FoldText.
func FoldTextFor(text string, union *Matcher) *Folded {
	f := foldedPool.Get().(*Folded)
	f.text = text
	f.out, f.pos = fold(f.out[:0], f.pos[:0], true, text)
	f.union = union
	f.searched = false
	f.matches = f.matches[:0]
	return f
}

// Release hands f's buffers (five bytes per byte of text) to a later
// FoldText; f must not be used after. Matches found in f stay valid.
func (f *Folded) Release() {
	f.text = ""
	f.union = nil
	foldedPool.Put(f)
}

var foldedPool = sync.Pool{New: func() any { return new(Folded) }}

// Text is the text as given to FoldText.
func (f *Folded) Text() string { return f.text }

// FindFolded is Find(text) that reuses f when f is text folded by FoldText,
// or a longer text that text begins (a body clipped at a character
// boundary). A nil f, or one of another text, is ignored: text is folded
// again, so the result is always Find's.
func (m *Matcher) FindFolded(text string, f *Folded) []Match {
	if f == nil {
		return m.Find(text)
	}
	if len(text) == len(f.text) && text == f.text {
		if res, ok := f.member(m); ok {
			return res
		}
	}
	out, pos, ok := f.prefix(text)
	if !ok {
		return m.Find(text)
	}
	sc := m.bufs.Get().(*scratch)
	defer m.bufs.Put(sc)
	return m.find(nil, text, out, pos, sc)
}

// member returns m's matches in f.text from the matches of f's union,
// when m is one of its members.
func (f *Folded) member(m *Matcher) ([]Match, bool) {
	u := f.union
	if u == nil {
		return nil, false
	}
	i := slices.Index(u.members, m)
	if i < 0 {
		return nil, false
	}
	f.mu.Lock()
	if !f.searched {
		sc := u.bufs.Get().(*scratch)
		f.matches = u.find(f.matches, f.text, f.out, f.pos, sc)
		u.bufs.Put(sc)
		f.searched = true
	}
	f.mu.Unlock()
	// f.matches is not written again until Release: read it unlocked.
	lo, hi := u.base[i], u.base[i]+m.Len()
	n := 0
	for _, x := range f.matches {
		if lo <= x.Pattern && x.Pattern < hi {
			n++
		}
	}
	if n == 0 {
		return nil, true
	}
	res := make([]Match, 0, n)
	for _, x := range f.matches {
		if lo <= x.Pattern && x.Pattern < hi {
			x.Pattern -= lo
			res = append(res, x)
		}
	}
	return res, true
}

// prefix returns the folded form of text when f.text begins with text,
// cut at a character boundary. Folding reads one character at a time
// (what a character folds to depends on nothing after it), so that form is
// f's up to the first byte that came from after the cut.
func (f *Folded) prefix(text string) ([]byte, []int32, bool) {
	if len(text) > len(f.text) || f.text[:len(text)] != text {
		return nil, nil, false
	}
	if len(text) == len(f.text) {
		return f.out, f.pos, true
	}
	if !utf8.RuneStart(f.text[len(text)]) {
		return nil, nil, false // the cut splits a character
	}
	n, _ := slices.BinarySearch(f.pos, int32(len(text)))
	return f.out[:n], f.pos[:n], true
}

// find matches the patterns in out, the folded form of text, whose bytes
// come from the offsets pos of text, and appends them to res. sc provides
// the seen-set.
//
// Whether pattern p matches at out[i] depends on p, text, out and pos only,
// and a match is taken once per pattern, so the matches are in order of i
// and, at one i, in the order of the bucket of out[i:i+3], which is pattern
// order (build's sort is stable). A union's patterns are its members', in
// order: its matches restricted to one member's are the member's own.
func (m *Matcher) find(res []Match, text string, out []byte, pos []int32, sc *scratch) []Match {
	need := (len(m.pats) + 63) / 64
	if cap(sc.seen) < need {
		sc.seen = make([]uint64, need)
	}
	seen := sc.seen[:need]
	clear(seen)
	// w holds out[i:i+8], big-endian, zero past the end of out.
	at := func(j int) uint64 {
		if j < len(out) {
			return uint64(out[j])
		}
		return 0
	}
	var w uint64
	for j := 0; j < 8; j++ {
		w = w<<8 | at(j)
	}
	for i := 0; i+2 < len(out); i, w = i+1, w<<8|at(i+8) {
		k := hash24(uint32(w >> 40))
		if m.first[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, c := range m.cand[m.off[k]:m.off[int(k)+1]] {
			pi := c.pat
			if w&c.mask != c.head || seen[pi/64]&(1<<(pi%64)) != 0 {
				continue
			}
			p := &m.pats[pi]
			end := i + len(p.folded)
			if end > len(out) || string(out[i:end]) != string(p.folded) {
				continue
			}
			if p.start && !startBoundary(out, i) || p.end && !endBoundary(out, end) {
				continue
			}
			if p.standalone && !standalone(out, i, end) {
				continue
			}
			start := int(pos[i])
			last := int(pos[end-1])
			_, size := utf8.DecodeRuneInString(text[last:])
			stop := last + size
			if p.cased && !hasUpper(text[start:stop]) {
				continue
			}
			seen[pi/64] |= 1 << (pi % 64)
			res = append(res, Match{Pattern: int(pi), Start: start, End: stop})
		}
	}
	return res
}

// key hashes three bytes to 16 bits.
func key(a, b, c byte) uint16 {
	return hash24(uint32(a)<<16 | uint32(b)<<8 | uint32(c))
}

// hash24 hashes three bytes, big-endian in v, to 16 bits (Fibonacci
// hashing).
func hash24(v uint32) uint16 {
	return uint16(v * 0x9E3779B1 >> 16)
}

func alnum(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

// katakana reports letters of a katakana word (the prolonged sound mark
// included, the middle dot separator not).
func katakana(r rune) bool {
	return r >= 0x30A1 && r <= 0x30FA || r == 0x30FC
}

// startBoundary reports whether a phrase starting at out[i] does not
// continue a word that began before it.
func startBoundary(out []byte, i int) bool {
	if i == 0 {
		return true
	}
	if out[i] < utf8.RuneSelf {
		return !alnum(out[i]) || !alnum(out[i-1])
	}
	first, _ := utf8.DecodeRune(out[i:])
	prev, _ := utf8.DecodeLastRune(out[:i])
	return !katakana(first) || !katakana(prev)
}

// endBoundary reports whether a phrase ending before out[end] is not
// followed by more of the same word.
func endBoundary(out []byte, end int) bool {
	if end >= len(out) {
		return true
	}
	if out[end-1] < utf8.RuneSelf {
		return !alnum(out[end-1]) || !alnum(out[end])
	}
	last, _ := utf8.DecodeLastRune(out[:end])
	next, _ := utf8.DecodeRune(out[end:])
	return !katakana(last) || !katakana(next)
}

func standalone(out []byte, i, end int) bool {
	if i > 0 {
		switch out[i-1] {
		case '@', '.', '/', '_':
			return false
		}
	}
	if end < len(out) {
		switch out[end] {
		case '@', '/', '_':
			return false
		case '.':
			if end+1 < len(out) && alnum(out[end+1]) {
				return false
			}
		}
	}
	return true
}

func hasUpper(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				return true
			}
			continue
		}
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			return true
		}
	}
	return false
}
