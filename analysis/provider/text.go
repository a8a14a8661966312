package provider

import (
	"strconv"
	"strings"

	"github.com/checkmail/checkmail/analysis/report"
)

// Languages of Summary.
const (
	English  = "en"
	Japanese = "ja"
)

type words struct{ en, ja string }

var categoryWords = map[Category]words{
	CategoryClean:         {"no threat found", "問題なし"},
	CategorySpam:          {"spam", "スパム"},
	CategoryBulk:          {"bulk mail", "一括配信メール"},
	CategoryPhishing:      {"phishing", "フィッシング"},
	CategorySpoof:         {"spoofed sender", "差出人のなりすまし"},
	CategoryImpersonation: {"impersonation", "なりすまし（ドメイン・ユーザーの偽装）"},
	CategoryMalware:       {"malware", "マルウェア"},
}

var filteringWords = map[Filtering]words{
	FilteringSpam:    {"marked as spam", "スパムと判定"},
	FilteringNotSpam: {"not spam", "スパムではないと判定"},
	FilteringSkipped: {"filtering skipped", "フィルターを省略"},
	FilteringBlocked: {"blocked", "ブロック"},
}

var flagWords = map[Flag]words{
	FlagSpoofFailed:     {"spoof check failed", "なりすまし判定で不合格"},
	FlagImpersonation:   {"impersonation detected", "偽装を検知"},
	FlagHighConfidence:  {"high confidence", "高確度"},
	FlagBulkSender:      {"bulk sender", "一括配信の送信者"},
	FlagJunkFolder:      {"delivered to Junk", "迷惑メールフォルダーに配信"},
	FlagAllowedIP:       {"IP on the recipient's allow list", "IPが受信側の許可リストに登録済み"},
	FlagAllowedSender:   {"sender on an allow list", "差出人が許可リストに登録済み"},
	FlagBlockedSender:   {"sender on a block list", "差出人が拒否リストに登録済み"},
	FlagMarkedByRule:    {"marked spam by a mail flow rule", "メールフロールールでスパム扱い"},
	FlagSkippedByRule:   {"filtering skipped by a mail flow rule", "メールフロールールでフィルターを省略"},
	FlagIntraOrg:        {"mail inside the organisation", "組織内のメール"},
	FlagReleased:        {"released from quarantine", "検疫から解放済み"},
	FlagOutbound:        {"the sending side's scan", "送信側でのスキャン"},
	FlagAuthenticatedAs: {"treated as internal or partner mail", "組織内またはパートナーのメールとして処理"},
}

func pick(w words, lang string) string {
	if lang == Japanese {
		return w.ja
	}
	return w.en
}

// Text is the English or Japanese phrase for a flag.
func (f Flag) Text(lang string) string { return pick(flagWords[f], lang) }

// Text is the English or Japanese phrase for a category.
func (c Category) Text(lang string) string { return pick(categoryWords[c], lang) }

func fmtScore(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Summary is one short sentence in English (lang "en") or Japanese ("ja"),
// e.g. "Microsoft: SCL 9, CAT:PHSH (phishing), spoof check failed". An
// untrusted opinion says so.
func (o Opinion) Summary(lang string) string {
	ja := lang == Japanese
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if o.SCL != NoLevel {
		scl := "SCL " + strconv.Itoa(o.SCL)
		if o.RawCategory == "" {
			if w := sclWords(o.SCL); ja {
				scl += "（" + w.ja + "）"
			} else {
				scl += " (" + w.en + ")"
			}
		}
		add(scl)
	}
	if o.BCL > 0 || o.BCL == 0 && o.SCL == NoLevel {
		add("BCL " + strconv.Itoa(o.BCL))
	}
	if o.PCL >= 4 {
		add("PCL " + strconv.Itoa(o.PCL))
	}
	high := o.Has(FlagHighConfidence) && o.Category != CategoryClean
	if o.RawCategory != "" {
		cat := o.Category.Text(lang)
		if cat == "" {
			cat = o.RawCategory
		} else if high {
			cat = pick(words{"high-confidence " + cat, "高確度の" + cat}, lang)
		}
		if ja {
			add("CAT:" + o.RawCategory + "（" + cat + "）")
		} else {
			add("CAT:" + o.RawCategory + " (" + cat + ")")
		}
	}
	if o.Action != "" {
		add(o.Action)
	} else if o.RawCategory == "" || o.Vendor != Microsoft {
		add(pick(filteringWords[o.Filtering], lang))
	}
	if o.Vendor != Microsoft && o.Category == CategoryPhishing {
		add(pick(words{"phishing rule fired", "フィッシング判定のルールが該当"}, lang))
	}
	if o.HasScore {
		s := pick(words{"score ", "スコア "}, lang) + fmtScore(o.Score)
		if o.HasRequired {
			s += " / " + fmtScore(o.Required)
		}
		add(s)
	}
	for _, f := range o.sortedFlags() {
		switch {
		case f == FlagHighConfidence && (o.RawCategory != "" || o.SCL == 9):
		case f == FlagSpoofFailed && o.Category == CategorySpoof:
		case f == FlagImpersonation && o.Category == CategoryImpersonation:
		default:
			add(f.Text(lang))
		}
	}
	// Rules are told for a spam verdict, or when their scores say which
	// counted (an unscored list of a clean mail is mostly negative rules).
	if ts := o.topTests(3); len(ts) > 0 && o.Filtering != FilteringNotSpam && (o.Filtering == FilteringSpam || ts[0].Scored) {
		names := make([]string, len(ts))
		for i, t := range ts {
			names[i] = t.Name
		}
		label := words{"rules ", "ルール "}
		if o.Vendor == Rspamd {
			label = words{"symbols ", "シンボル "}
		}
		s := pick(label, lang) + strings.Join(names, ", ")
		if more := len(o.spamTests()) - len(ts); more > 0 {
			s += pick(words{" and " + strconv.Itoa(more) + " more", " ほか" + strconv.Itoa(more) + "件"}, lang)
		}
		add(s)
	}
	sep := ", "
	if ja {
		sep = "、"
	}
	s := o.Vendor.Name() + ": " + strings.Join(parts, sep)
	if len(parts) == 0 {
		s = o.Vendor.Name() + pick(words{": no rating", ": 判定なし"}, lang)
	}
	if !o.Trusted {
		s += pick(words{" — untrusted: written below the trust boundary, the sender could have forged it",
			"（信頼境界より下の記録のため、送信者が偽造した可能性があります）"}, lang)
	}
	return s
}

func (o Opinion) spamTests() []Test { return o.topTests(MaxTests) }

// sclWords says what an SCL means in Exchange Online: -1 filtering was
// skipped, 0 to 4 not spam, 5 and 6 spam, 7 to 9 high-confidence spam.
func sclWords(scl int) words {
	switch {
	case scl < 0:
		return words{"filtering skipped", "フィルター省略"}
	case scl <= 4:
		return words{"not spam", "スパムではない"}
	case scl <= 6:
		return words{"spam", "スパム"}
	}
	return words{"high-confidence spam", "高確度のスパム"}
}

// flagOrder is the order flags are told in.
var flagOrder = []Flag{FlagHighConfidence, FlagSpoofFailed, FlagImpersonation, FlagBlockedSender, FlagMarkedByRule,
	FlagJunkFolder, FlagBulkSender, FlagAllowedSender, FlagAllowedIP, FlagSkippedByRule, FlagReleased,
	FlagAuthenticatedAs, FlagIntraOrg, FlagOutbound}

func (o Opinion) sortedFlags() []Flag {
	out := make([]Flag, 0, len(o.Flags))
	for _, f := range flagOrder {
		if o.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// Report converts o to the report's form.
func (o Opinion) Report() report.ProviderOpinion {
	r := report.ProviderOpinion{
		Vendor:       string(o.Vendor),
		Trusted:      o.Trusted,
		Verdict:      string(o.Filtering),
		Category:     string(o.Category),
		RawCategory:  o.RawCategory,
		Action:       o.Action,
		ConnectingIP: o.ConnectingIP,
		Country:      o.Country,
		Folder:       o.Folder,
		Summary:      o.Summary(English),
		SummaryJA:    o.Summary(Japanese),
	}
	level := func(n int) *int {
		if n == NoLevel {
			return nil
		}
		return &n
	}
	r.SCL, r.BCL, r.PCL = level(o.SCL), level(o.BCL), level(o.PCL)
	if o.HasScore {
		s := o.Score
		r.Score = &s
	}
	if o.HasRequired {
		s := o.Required
		r.Required = &s
	}
	for _, f := range o.Flags {
		r.Flags = append(r.Flags, string(f))
	}
	for _, t := range o.Tests {
		r.Tests = append(r.Tests, t.Name)
	}
	return r
}

// Reports converts opinions to the report's form (nil for none).
func Reports(ops []Opinion) []report.ProviderOpinion {
	if len(ops) == 0 {
		return nil
	}
	out := make([]report.ProviderOpinion, len(ops))
	for i, o := range ops {
		out[i] = o.Report()
	}
	return out
}
