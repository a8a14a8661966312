package received

import (
	"strconv"
	"strings"
	"time"

	"github.com/checkmail/checkmail/internal/ascii"
)

var months = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// Obsolete and common zone names (RFC 5322 section 4.3 plus a few seen in
// the wild). Military single letters are treated as -0000 (unknown) as
// RFC 5322 advises, i.e. UTC.
var zones = map[string]int{
	"ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "cet": 60, "met": 60, "cest": 120, "mest": 120, "eet": 120, "eest": 180,
	"est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
	"akst": -540, "akdt": -480, "hst": -600, "jst": 540, "kst": 540, "ist": 330, "msk": 180,
	"aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780, "sgt": 480, "hkt": 480,
}

var weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// dateStart reports whether a word can begin a date: a weekday, a day of the
// month or an ISO date.
func dateStart(w string) bool {
	lw := strings.ToLower(strings.TrimRight(w, ","))
	if len(lw) >= 3 {
		for _, d := range weekdays {
			if strings.HasPrefix(lw, d) {
				return true
			}
		}
	}
	if n, err := strconv.Atoi(lw); err == nil {
		return n >= 1 && n <= 31
	}
	if d, m, _, ok := cut3(lw, '-'); ok && isDigits(d) {
		if _, isMonth := month(m); isMonth {
			return true // RFC 850: 06-Nov-94
		}
	}
	return len(lw) == 10 && lw[4] == '-' && lw[7] == '-'
}

// ParseDate reads a date as mail writes it in a Date field or after the
// ';' of a Received field: every form parseDate knows, RFC 850 included.
// ok is false when nothing fits.
func ParseDate(s string) (t time.Time, ok bool) {
	t = parseDate(s, false)
	return t, !t.IsZero()
}

// parseDate reads the many date forms found after the ';' of a Received
// header: RFC 5322 with or without weekday and seconds, obsolete and named
// zones, 2- and 3-digit years, fractional seconds, "(PST)" comments, RFC 850
// ("Sunday, 06-Nov-94 08:49:37 GMT"), asctime, Go's
// "2006-01-02 15:04:05.999 -0700 UTC" and ISO 8601. needTime rejects dates
// without a time of day. It returns the zero Time when nothing fits.
func parseDate(s string, needTime bool) time.Time {
	if len(s) > 256 {
		s = s[:256]
	}
	var buf [16]string
	f := dateFields(buf[:0], s)
	if len(f) > 0 && isWeekday(f[0]) {
		f = f[1:]
	}
	if len(f) == 0 {
		return time.Time{}
	}
	var (
		year, day int
		mon       time.Month
		rest      []string
		ok        bool
	)
	if d, m, y, ok := cut3(f[0], '-'); ok && isDigits(d) {
		if _, isMonth := month(m); isMonth {
			// RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
			f = append([]string{d, m, y}, f[1:]...)
		}
	}
	switch {
	case len(f[0]) >= 8 && strings.Count(f[0], "-") == 2 && isDigit(f[0][0]):
		// ISO: 2018-03-26 13:35:36.27 +0000 UTC, or 2018-03-26T13:35:36Z
		d := f[0]
		var tpart string
		if i := strings.IndexAny(d, "Tt"); i >= 8 {
			d, tpart = d[:i], d[i+1:]
		}
		ys, ms, ds, ok3 := cut3(d, '-')
		if !ok3 {
			return time.Time{}
		}
		y, e1 := strconv.Atoi(ys)
		m, e2 := strconv.Atoi(ms)
		dd, e3 := strconv.Atoi(ds)
		if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 {
			return time.Time{}
		}
		year, mon, day, ok = y, time.Month(m), dd, true
		rest = f[1:]
		if tpart != "" {
			// Split a zone glued to the time: 13:35:36Z, 13:35:36+09:00
			if i := strings.IndexAny(tpart, "Zz+-"); i > 0 {
				rest = append([]string{tpart[:i], tpart[i:]}, rest...)
			} else {
				rest = append([]string{tpart}, rest...)
			}
		}
	case len(f) >= 3 && isDigits(f[0]):
		// 21 Sep 2026 10:00:00 +0000 (RFC 5322)
		m, mok := month(f[1])
		y, yok := parseYear(f[2])
		d, _ := strconv.Atoi(f[0])
		if !mok || !yok {
			return time.Time{}
		}
		year, mon, day, ok = y, m, d, true
		rest = f[3:]
	case len(f) >= 3:
		// asctime: Sep 21 10:00:00 2026, or Sep 21 2026 10:00:00
		m, mok := month(f[0])
		d, err := strconv.Atoi(f[1])
		if !mok || err != nil {
			return time.Time{}
		}
		mon, day = m, d
		rest = f[2:]
		if y, yok := parseYear(rest[0]); yok && !strings.Contains(rest[0], ":") {
			year, ok = y, true
			rest = rest[1:]
		} else if len(rest) >= 2 {
			if y, yok := parseYear(rest[1]); yok {
				year, ok = y, true
				rest = append([]string{rest[0]}, rest[2:]...)
			}
		}
	}
	if !ok || day < 1 || day > 31 || year < 1900 || year > 9999 {
		return time.Time{}
	}
	hh, mm, ss, ns := 0, 0, 0, 0
	hasTime := false
	if len(rest) > 0 && strings.Contains(rest[0], ":") {
		var tok bool
		hh, mm, ss, ns, tok = parseClock(rest[0])
		if !tok {
			return time.Time{}
		}
		hasTime = true
		rest = rest[1:]
	}
	if needTime && !hasTime {
		return time.Time{}
	}
	offset := 0
	if len(rest) > 0 {
		if o, zok := parseZone(rest[0]); zok {
			offset = o
		}
	}
	loc := time.UTC
	if offset != 0 {
		loc = time.FixedZone("", offset*60)
	}
	t := time.Date(year, mon, day, hh, mm, ss, ns, loc)
	if t.Day() != day { // 31 Feb and friends
		return time.Time{}
	}
	return t
}

// dateFields appends to dst the words of s with its comments, commas and
// semicolons taken for white space: the words of the text outside comments
// between those bytes. Each is a piece of s.
func dateFields(dst []string, s string) []string {
	depth, from := 0, 0
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
			if c != '(' && c != ')' && (depth > 0 || c != ',' && c != ';') {
				continue
			}
		}
		// s[from:i] is all inside or all outside comments; s[i] separates.
		if depth == 0 {
			for w := range strings.FieldsSeq(s[from:i]) {
				dst = append(dst, w)
			}
		}
		from = i + 1
		switch {
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		}
	}
	return dst
}

// cut3 splits s around the two sep bytes it has, if it has exactly two.
func cut3(s string, sep byte) (a, b, c string, ok bool) {
	i := strings.IndexByte(s, sep)
	if i < 0 {
		return "", "", "", false
	}
	j := strings.IndexByte(s[i+1:], sep)
	if j < 0 {
		return "", "", "", false
	}
	j += i + 1
	if strings.IndexByte(s[j+1:], sep) >= 0 {
		return "", "", "", false
	}
	return s[:i], s[i+1 : j], s[j+1:], true
}

func isWeekday(w string) bool {
	if ascii.Is(w) {
		// Without a lower-cased copy (the common case).
		if len(w) < 3 || !ascii.IsLetters(w) {
			return false
		}
		for _, d := range weekdays {
			if strings.EqualFold(w[:3], d) {
				return true
			}
		}
		return false
	}
	lw := strings.ToLower(w)
	if len(lw) < 3 || !ascii.IsLetters(lw) {
		return false
	}
	for _, d := range weekdays {
		if strings.HasPrefix(lw, d) {
			return true
		}
	}
	return false
}

func month(w string) (time.Month, bool) {
	if w := strings.TrimSuffix(w, "."); len(w) >= 3 && ascii.Is(w) {
		// Without a lower-cased copy (the common case).
		b := [3]byte{ascii.LowerByte(w[0]), ascii.LowerByte(w[1]), ascii.LowerByte(w[2])}
		m, ok := months[string(b[:])]
		return m, ok
	}
	lw := strings.ToLower(strings.TrimSuffix(w, "."))
	if len(lw) < 3 {
		return 0, false
	}
	m, ok := months[lw[:3]]
	return m, ok
}

// parseYear accepts 4-digit years and the obsolete 2- and 3-digit forms
// (RFC 5322 4.3: 00-49 → 2000s, 50-99 → 1900s, 3 digits → +1900).
func parseYear(w string) (int, bool) {
	if !isDigits(w) || len(w) < 2 || len(w) > 4 {
		return 0, false
	}
	y, _ := strconv.Atoi(w)
	switch len(w) {
	case 2:
		if y < 50 {
			return 2000 + y, true
		}
		return 1900 + y, true
	case 3:
		return 1900 + y, true
	}
	return y, true
}

// parseClock reads hh:mm[:ss[.frac]].
func parseClock(w string) (hh, mm, ss, ns int, ok bool) {
	frac := ""
	if i := strings.IndexByte(w, '.'); i >= 0 {
		w, frac = w[:i], w[i+1:]
	}
	// hh:mm or hh:mm:ss, no more colons.
	hs, rest, ok := strings.Cut(w, ":")
	if !ok {
		return 0, 0, 0, 0, false
	}
	ms, sec, hasSec := strings.Cut(rest, ":")
	if hasSec && strings.IndexByte(sec, ':') >= 0 {
		return 0, 0, 0, 0, false
	}
	var err error
	if hh, err = atoiN(hs); err != nil || hh > 23 {
		return 0, 0, 0, 0, false
	}
	if mm, err = atoiN(ms); err != nil || mm > 59 {
		return 0, 0, 0, 0, false
	}
	if hasSec {
		if ss, err = atoiN(sec); err != nil || ss > 60 {
			return 0, 0, 0, 0, false
		}
		if ss == 60 {
			ss = 59
		}
	}
	if frac != "" && isDigits(frac) {
		if len(frac) > 9 {
			frac = frac[:9]
		}
		n, _ := strconv.Atoi(frac)
		for i := len(frac); i < 9; i++ {
			n *= 10
		}
		ns = n
	}
	return hh, mm, ss, ns, true
}

func atoiN(s string) (int, error) {
	if !isDigits(s) || len(s) > 2 {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(s)
}

// parseZone returns the offset in minutes east of UTC.
func parseZone(w string) (int, bool) {
	if w == "" {
		return 0, false
	}
	if w[0] == '+' || w[0] == '-' {
		d := strings.ReplaceAll(w[1:], ":", "")
		if len(d) != 4 || !isDigits(d) {
			return 0, false
		}
		h, _ := strconv.Atoi(d[:2])
		m, _ := strconv.Atoi(d[2:])
		if h > 23 || m > 59 {
			return 0, false
		}
		o := h*60 + m
		if w[0] == '-' {
			o = -o
		}
		return o, true
	}
	lw := strings.ToLower(w)
	if o, ok := zones[lw]; ok {
		return o, true
	}
	if len(lw) == 1 && ascii.IsLetters(lw) {
		return 0, true // military zone: unknown, treat as UTC
	}
	return 0, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
