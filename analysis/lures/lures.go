// Package lures finds the phrases that make a mail a lure: requests to sign
// in, verify or pay, threats of suspension, deadlines, parcels waiting,
// documents to open, prizes, crypto wallets and tax refunds, in English and
// Japanese (and a few German, Portuguese, French and Spanish phrases that
// are frequent in real phishing). It reports evidence; weighing it is the
// verdict's job.
package lures

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/brands/phrase"
)

// Scan limits: only the beginning of a long subject or body is read.
const (
	MaxSubject = 4 << 10
	MaxBody    = 64 << 10
)

// Hit is one lure phrase found in a mail.
type Hit struct {
	Kind   string // credential|account|payment|urgency|delivery|invoice|prize|crypto|tax
	Phrase string // the phrase of the table, e.g. "verify your account"
	Match  string // the text as written in the mail
	// InSubject: found in the subject (else in the body).
	InSubject bool
	// Weak: an ordinary word that legitimate mail uses too ("password",
	// "invoice", "ログイン"); it says little without stronger evidence.
	Weak bool
}

// Set is an immutable phrase set, safe for concurrent use.
type Set struct {
	entries []entry
	m       *phrase.Matcher
}

// Default returns the built-in phrase set. Building takes about a
// millisecond: build it once and share it.
func Default() *Set {
	s, err := newSet(builtin())
	if err != nil {
		panic("lures: built-in phrase table is invalid: " + err.Error())
	}
	return s
}

func newSet(es []entry) (*Set, error) {
	pats := make([]phrase.Pattern, 0, len(es))
	seen := make(map[string]int, len(es))
	for i, e := range es {
		text, stem := strings.CutSuffix(e.phrase, "*")
		f := phrase.Fold(text)
		if j, dup := seen[f]; dup {
			return nil, fmt.Errorf("phrase %q (%s) repeats %q (%s)", e.phrase, e.kind, es[j].phrase, es[j].kind)
		}
		seen[f] = i
		// ASCII phrases are whole words (a stem may continue). Japanese
		// phrases match inside compounds (カード情報 in クレジットカード情報),
		// except short katakana words (ロック is not in ブロック).
		first, last := f[0], f[len(f)-1]
		start := alnum(first) || utf8.RuneCountInString(f) <= 3
		end := alnum(last) && !stem
		pats = append(pats, phrase.Pattern{Text: text, Start: start, End: end})
	}
	m, err := phrase.New(pats)
	if err != nil {
		return nil, err
	}
	return &Set{entries: es, m: m}, nil
}

func alnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// Matcher is the matcher of the set's phrases, for a phrase.Union with the
// other matchers of a body.
func (s *Set) Matcher() *phrase.Matcher { return s.m }

// Len is the number of phrases in the set.
func (s *Set) Len() int { return len(s.entries) }

// Find returns the lure phrases in a subject and a body (plain text; the
// caller converts HTML to text), each phrase at most once, subject hits
// first. Matching is case-insensitive and folds full-width, half-width,
// accented and look-alike characters. Only the first MaxSubject bytes of
// the subject and MaxBody bytes of the body are read.
func (s *Set) Find(subject, body string) []Hit {
	return s.FindFolded(subject, body, nil)
}

// FindFolded is Find with the body already folded by phrase.FoldText (nil:
// not folded), for a body other matchers search too.
func (s *Set) FindFolded(subject, body string, folded *phrase.Folded) []Hit {
	if len(subject) > MaxSubject {
		subject = subject[:MaxSubject]
	}
	if len(body) > MaxBody {
		body = body[:MaxBody]
	}
	var out []Hit
	var seen map[int]bool
	for _, part := range []struct {
		text      string
		folded    *phrase.Folded
		inSubject bool
	}{{subject, nil, true}, {body, folded, false}} {
		if part.text == "" {
			continue
		}
		for _, m := range s.m.FindFolded(part.text, part.folded) {
			if seen[m.Pattern] {
				continue
			}
			if seen == nil {
				seen = make(map[int]bool)
			}
			seen[m.Pattern] = true
			e := s.entries[m.Pattern]
			out = append(out, Hit{
				Kind:      e.kind,
				Phrase:    strings.TrimSuffix(e.phrase, "*"),
				Match:     part.text[m.Start:m.End],
				InSubject: part.inSubject,
				Weak:      e.weak,
			})
		}
	}
	return out
}

// Kinds returns the distinct kinds among hits, strong hits counted only
// when strongOnly is set, in the order they first appear.
func Kinds(hits []Hit, strongOnly bool) []string {
	var ks []string
	for _, h := range hits {
		if strongOnly && h.Weak {
			continue
		}
		dup := false
		for _, k := range ks {
			if k == h.Kind {
				dup = true
				break
			}
		}
		if !dup {
			ks = append(ks, h.Kind)
		}
	}
	return ks
}
