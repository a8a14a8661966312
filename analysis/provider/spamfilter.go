package provider

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// number reads a score: a decimal number with an optional sign, within
// ±10000 (SpamAssassin's 100 for an allow-listed sender, rspamd's reject
// scores).
func number(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && end < 16 && (s[end] >= '0' && s[end] <= '9' || s[end] == '.' || (end == 0 && (s[end] == '-' || s[end] == '+'))) {
		end++
	}
	f, err := strconv.ParseFloat(s[:end], 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 10000 {
		return 0, false
	}
	return f, true
}

// ruleName accepts SpamAssassin rule and rspamd symbol names.
func ruleName(s string) bool {
	if len(s) < 2 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// statusParams splits "Yes, score=7.9 required=6.0 tests=A,B, C autolearn=no"
// into the leading word and its parameters; a value runs to the next
// " name=" (folding may put blanks inside the tests list).
func statusParams(s string) (head string, params map[string]string) {
	params = map[string]string{}
	locs := paramNames(s, 32)
	if len(locs) == 0 {
		return strings.TrimSpace(strings.Trim(s, " ,")), params
	}
	head = strings.TrimSpace(strings.Trim(s[:locs[0][0]], " ,"))
	for i, l := range locs {
		if l[0] > 0 && s[l[0]-1] != ' ' && s[l[0]-1] != ',' && s[l[0]-1] != '\t' {
			continue // inside a word ("x_tests=…")
		}
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		name := s[l[2]:l[3]]
		if _, dup := params[name]; !dup {
			params[name] = strings.TrimSpace(s[l[1]:end])
		}
	}
	return head, params
}

// paramNames finds, as regexp `([a-z_]+)=` with FindAllStringSubmatchIndex
// would (without its cost), the runs of [a-z_] that a '=' follows, at most
// n: for each, the match's start and end and the name's start and end.
func paramNames(s string, n int) [][]int {
	var locs [][]int
	for i := 0; i < len(s) && len(locs) < n; {
		if !paramByte(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && paramByte(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '=' {
			locs = append(locs, []int{i, j + 1, i, j})
			j++
		}
		i = j
	}
	return locs
}

func paramByte(c byte) bool { return 'a' <= c && c <= 'z' || c == '_' }

// yesNo reads "Yes", "YES", "spam", "No"…
func yesNo(s string) (spam, ok bool) {
	w := strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(w, " ,;("); i >= 0 {
		w = w[:i]
	}
	switch w {
	case "yes", "true", "spam":
		return true, true
	case "no", "false", "ham":
		return false, true
	}
	return false, false
}

// reportRule finds "pts RULE_NAME description" in an unfolded
// X-Spam-Report: the table SpamAssassin writes ("  3.6 RCVD_IN_PBL  RBL: …")
// and the starred list ("* 3.6 RCVD_IN_PBL RBL: …").
var reportRule = regexp.MustCompile(`(?:^|\s)\*?\s*(-?\d{1,4}(?:\.\d{1,3})?)\s+([A-Z][A-Z0-9_]{1,63})\s`)

// reportTotals finds "Content analysis details: (7.9 points, 6.0 required)".
var reportTotals = regexp.MustCompile(`\((-?\d{1,5}(?:\.\d{1,3})?) points?, (-?\d{1,5}(?:\.\d{1,3})?) required\)`)

// decodeSpamAssassin fills o from X-Spam-* fields, topmost first.
func decodeSpamAssassin(o *Opinion, fs []field) {
	seen := map[string]bool{}
	var descs map[string]string
	// Scores by preference: X-Spam-Status, X-Spam-Score, X-Spam-Level.
	var scores [3]float64
	var have [3]bool
	for _, f := range fs {
		key := strings.ToLower(f.key)
		if seen[key] {
			continue
		}
		seen[key] = true
		o.Fields = append(o.Fields, f.key)
		switch key {
		case "x-spam-status":
			head, p := statusParams(f.value)
			if spam, ok := yesNo(head); ok {
				o.Filtering = spamFiltering(spam)
			}
			score := p["score"]
			if score == "" {
				score = p["hits"] // SpamAssassin 2
			}
			scores[0], have[0] = number(score)
			if n, ok := number(p["required"]); ok {
				o.Required, o.HasRequired = n, true
			}
			for _, t := range strings.Split(p["tests"], ",") {
				if t = strings.TrimSpace(t); ruleName(t) && !strings.EqualFold(t, "none") {
					o.addTest(Test{Name: t})
				}
			}
		case "x-spam-flag", "x-spam":
			if spam, ok := yesNo(f.value); ok && o.Filtering == "" {
				o.Filtering = spamFiltering(spam)
			}
		case "x-spam-score":
			scores[1], have[1] = number(f.value)
		case "x-spam-level":
			// "*******": one star per point, a floor of the score.
			if n := strings.Count(f.value, "*"); n > 0 && n <= 100 && strings.Trim(f.value, "* \t") == "" {
				scores[2], have[2] = float64(n), true
			}
		case "x-spam-report":
			if m := reportTotals.FindStringSubmatch(f.value); m != nil {
				scores[1], have[1] = number(m[1])
				if n, ok := number(m[2]); ok && !o.HasRequired {
					o.Required, o.HasRequired = n, true
				}
			}
			descs = map[string]string{}
			matches := reportRule.FindAllStringSubmatchIndex(f.value, MaxTests)
			for i, m := range matches {
				end := len(f.value)
				if i+1 < len(matches) {
					end = matches[i+1][0]
				}
				name := f.value[m[4]:m[5]]
				pts, _ := number(f.value[m[2]:m[3]])
				desc := strings.Join(strings.Fields(f.value[m[5]:end]), " ")
				if len(desc) > 200 {
					desc = desc[:200]
				}
				descs[name] = desc
				o.addTest(Test{Name: name, Score: pts, Scored: true, Description: desc})
			}
		}
	}
	for i := range scores {
		if have[i] {
			o.Score, o.HasScore = scores[i], true
			break
		}
	}
	if o.Filtering == "" && o.HasScore && o.HasRequired {
		// SpamAssassin's own rule: spam at or above the threshold.
		o.Filtering = spamFiltering(o.Score >= o.Required)
	}
	for i := range o.Tests {
		if d, ok := descs[o.Tests[i].Name]; ok && o.Tests[i].Description == "" {
			o.Tests[i].Description = d
		}
	}
	categorize(o)
}

func spamFiltering(spam bool) Filtering {
	if spam {
		return FilteringSpam
	}
	return FilteringNotSpam
}

// addTest adds or completes a test; MaxTests bounds the list.
func (o *Opinion) addTest(t Test) {
	for i := range o.Tests {
		if o.Tests[i].Name == t.Name {
			if t.Scored && !o.Tests[i].Scored {
				o.Tests[i].Score, o.Tests[i].Scored = t.Score, true
			}
			if o.Tests[i].Description == "" {
				o.Tests[i].Description = t.Description
			}
			return
		}
	}
	if len(o.Tests) < MaxTests {
		o.Tests = append(o.Tests, t)
	}
}

// categorize sets the category of a SpamAssassin or rspamd opinion: phishing
// when a phishing rule fired, else spam or clean from the verdict.
func categorize(o *Opinion) {
	for _, t := range o.Tests {
		if strings.Contains(strings.ToUpper(t.Name), "PHISH") && (!t.Scored || t.Score > 0) {
			o.Category = CategoryPhishing
			return
		}
	}
	switch o.Filtering {
	case FilteringSpam:
		o.Category = CategorySpam
	case FilteringNotSpam:
		o.Category = CategoryClean
	}
}

// rspamdResult reads X-Spamd-Result: "default: False [3.40 / 15.00];
// SYMBOL(score)[options]; …".
var rspamdHead = regexp.MustCompile(`^\s*[A-Za-z0-9_-]*:\s*(True|False|true|false)\s*\[\s*(-?[0-9.]+)\s*/\s*(-?[0-9.]+)\s*\]`)
var rspamdSymbol = regexp.MustCompile(`^\s*([A-Za-z0-9_.-]{2,64})\s*\(\s*(-?[0-9.]{1,12})\s*\)`)

// decodeRspamd fills o from rspamd's fields (and X-Spam-* fields its milter
// wrote), topmost first.
func decodeRspamd(o *Opinion, fs []field) {
	seen := map[string]bool{}
	var sa []field
	for _, f := range fs {
		key := strings.ToLower(f.key)
		if strings.HasPrefix(key, "x-spam-") || key == "x-spam" {
			sa = append(sa, f)
			continue
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		o.Fields = append(o.Fields, f.key)
		switch key {
		case "x-spamd-result", "x-rspamd-result":
			parts := strings.Split(f.value, ";")
			if len(parts) > MaxTests+1 {
				parts = parts[:MaxTests+1]
			}
			if m := rspamdHead.FindStringSubmatch(parts[0]); m != nil {
				if n, ok := number(m[2]); ok {
					o.Score, o.HasScore = n, true
				}
				if n, ok := number(m[3]); ok {
					o.Required, o.HasRequired = n, true
				}
				parts = parts[1:]
			}
			for _, p := range parts {
				if m := rspamdSymbol.FindStringSubmatch(p); m != nil {
					n, _ := number(m[2])
					o.addTest(Test{Name: m[1], Score: n, Scored: true})
				}
			}
		case "x-rspamd-action":
			if a := strings.ToLower(strings.Join(strings.Fields(f.value), " ")); len(a) <= 32 && a != "" && token(strings.ReplaceAll(a, " ", "_"), 32) {
				o.Action = a
			}
		case "x-rspamd-score":
			if n, ok := number(f.value); ok && !o.HasScore {
				o.Score, o.HasScore = n, true
			}
		}
	}
	switch o.Action {
	case "reject", "add header", "rewrite subject", "soft reject", "discard", "quarantine":
		o.Filtering = FilteringSpam
	case "no action":
		o.Filtering = FilteringNotSpam
	}
	if len(sa) > 0 {
		var s Opinion
		s = newOpinion(Rspamd, o.Trusted)
		decodeSpamAssassin(&s, sa)
		o.Fields = append(o.Fields, s.Fields...)
		if o.Filtering == "" {
			o.Filtering = s.Filtering
		}
		if !o.HasScore && s.HasScore {
			o.Score, o.HasScore = s.Score, true
		}
		if !o.HasRequired && s.HasRequired {
			o.Required, o.HasRequired = s.Required, true
		}
		for _, t := range s.Tests {
			o.addTest(t)
		}
	}
	categorize(o)
}

// topTests returns up to n tests that count toward spam, highest score
// first (unscored tests keep their order after the scored ones).
func (o Opinion) topTests(n int) []Test {
	var ts []Test
	for _, t := range o.Tests {
		if t.Scored && t.Score <= 0 {
			continue
		}
		if strings.HasPrefix(t.Name, "__") {
			continue
		}
		ts = append(ts, t)
	}
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if a.Scored != b.Scored {
			return a.Scored
		}
		return a.Score > b.Score
	})
	if len(ts) > n {
		ts = ts[:n]
	}
	return ts
}
