// Package scams finds the structured signals of callback and payment
// scams: telephone numbers next to a charge, renewal or refund story
// (the Norton, Geek Squad and PayPal-invoice kind), cryptocurrency wallet
// addresses (checksums verified) and balances, advance-fee and
// inheritance stories, job offers with pay per day, gift-card requests and
// sextortion. Each hit combines several pieces of evidence; a single word
// is never enough. The lure phrase table (analysis/lures) already scores
// single phrases such as "gift card" or "bitcoin": this package adds the
// numbers, the addresses and the co-occurrence rules, and leaves out what
// the lures say alone. Whether the mail also carries a legitimate link is
// the caller's question.
package scams

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/checkmail/checkmail/analysis/brands/phrase"
)

// Kind is a kind of scam.
type Kind uint8

const (
	// Callback: a phone number to call about a charge, renewal, refund or
	// antivirus subscription.
	Callback Kind = iota + 1
	// CryptoWallet: a wallet address with a request to pay or transfer.
	CryptoWallet
	// CryptoBalance: an amount of cryptocurrency said to wait for the
	// reader (a balance to withdraw, mining profits).
	CryptoBalance
	// AdvanceFee: inheritance, next of kin, compensation or lottery funds
	// waiting to be transferred.
	AdvanceFee
	// JobOffer: a remote or part-time job with pay per day or hour.
	JobOffer
	// GiftCard: a request to buy gift cards and send their codes.
	GiftCard
	// Extortion: "I hacked your device", pay or be exposed.
	Extortion
)

var kindNames = [...]string{"", "callback", "crypto_wallet", "crypto_balance", "advance_fee", "job_offer", "gift_card", "extortion"}

// String is the kind's stable code.
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return "unknown"
}

// Hit is one scam pattern found in a mail.
type Hit struct {
	Kind Kind
	// Evidence is the matched text, short, for people: the phrases and
	// numbers that made the hit (`"has been charged" + "call us" + +1 (808) 555-0199`).
	Evidence string
	// Phone is set for Callback.
	Phone *Phone
	// Wallet is set for CryptoWallet.
	Wallet *Wallet
}

// Scan limits: only the beginning of a long subject or body is read.
const (
	MaxSubject = 4 << 10
	MaxBody    = 64 << 10
)

// near is how close (bytes) a call cue must be to a phone number.
const near = 160

type pat struct {
	g    group
	text string
}

var (
	pats    []pat
	matcher *phrase.Matcher
)

func init() {
	var ps []phrase.Pattern
	for g := group(0); g < nGroups; g++ {
		for _, p := range phrases[g] {
			text, stem := strings.CutSuffix(p, "*")
			f := phrase.Fold(text)
			first, last := f[0], f[len(f)-1]
			ps = append(ps, phrase.Pattern{
				Text:  text,
				Start: isAlnum(first) || utf8.RuneCountInString(f) <= 3,
				End:   isAlnum(last) && !stem,
			})
			pats = append(pats, pat{g, text})
		}
	}
	m, err := phrase.New(ps)
	if err != nil {
		panic("scams: phrase table: " + err.Error())
	}
	matcher = m
}

// Matcher is the matcher of the scam phrases, for a phrase.Union with the
// other matchers of a body.
func Matcher() *phrase.Matcher { return matcher }

func isAlnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

type found struct {
	g          group
	text       string // as written
	start, end int
}

// Find returns the scam patterns in a mail's subject and visible body
// text, at most one hit per kind (Callback and CryptoWallet carry the
// first number or address).
func Find(subject, body string) []Hit {
	return FindFolded(subject, body, nil)
}

// FindFolded is Find with the body already folded by phrase.FoldText (nil:
// not folded), for a body other matchers search too.
func FindFolded(subject, body string, folded *phrase.Folded) []Hit {
	subject = clip(subject, MaxSubject)
	body = clip(body, MaxBody)
	// Offsets run on through the subject, a line break and the body, as if
	// they were one text (without copying the body).
	parts := [2]struct {
		text   string
		folded *phrase.Folded
		base   int
	}{{subject, nil, 0}, {body, folded, len(subject) + 1}}
	var byGroup [nGroups][]found
	var phones []Phone
	var wallets []Wallet
	var money money
	for _, p := range parts {
		if p.text == "" {
			continue
		}
		for _, m := range matcher.FindFolded(p.text, p.folded) {
			pt := pats[m.Pattern]
			byGroup[pt.g] = append(byGroup[pt.g], found{pt.g, p.text[m.Start:m.End], p.base + m.Start, p.base + m.End})
		}
		money = money.merge(findMoney(p.text))
	}
	has := func(g group) bool { return len(byGroup[g]) > 0 }
	// Numbers and addresses are looked for only where a rule could use them.
	for _, p := range parts {
		if has(gCallCue) {
			for _, ph := range findPhones(p.text) {
				ph.Start += p.base
				ph.End += p.base
				phones = append(phones, ph)
			}
		}
		if has(gCryptoPay) {
			wallets = append(wallets, findWallets(p.text)...)
		}
	}
	var out []Hit

	// Callback: a number, a cue to call it near it, and a charge story.
	if has(gCallCue) && (has(gChargeLure) || has(gCommerce) && money.any) {
		for _, ph := range phones {
			cue, ok := nearest(byGroup[gCallCue], ph.Start, ph.End)
			if !ok {
				continue
			}
			lure := first(byGroup[gChargeLure])
			if lure == "" {
				lure = first(byGroup[gCommerce]) + " " + money.text
			}
			ph := ph
			out = append(out, Hit{Kind: Callback, Phone: &ph,
				Evidence: evidence(lure, cue, ph.Text)})
			break
		}
	}
	// Crypto: a valid address with a request to pay, or a balance.
	if len(wallets) > 0 && has(gCryptoPay) {
		w := wallets[0]
		out = append(out, Hit{Kind: CryptoWallet, Wallet: &w,
			Evidence: evidence(first(byGroup[gCryptoPay]), w.Coin.String()+" "+clip(w.Address, 48))})
	}
	if money.crypto != "" && has(gCryptoBal) {
		out = append(out, Hit{Kind: CryptoBalance, Evidence: evidence(money.crypto, first(byGroup[gCryptoBal]))})
	} else if bal := distinct(byGroup[gCryptoBal], 2); money.any && has(gCoin) && len(bal) == 2 {
		// A sum in dollars said to have been earned in a coin ("automatic
		// Bitcoin mining … a balance of $25,745 … withdraw").
		out = append(out, Hit{Kind: CryptoBalance, Evidence: evidence(append([]string{first(byGroup[gCoin]), money.text}, bal...)...)})
	}
	// Advance fee: two different story phrases, or one with a sum in
	// millions, or one with a sum and two supporting words (transfer,
	// bank, fee, compensation…).
	if fs := distinct(byGroup[gFeeStrong], 2); len(fs) >= 2 {
		out = append(out, Hit{Kind: AdvanceFee, Evidence: evidence(fs...)})
	} else if weak := distinct(byGroup[gFeeWeak], 2); len(fs) == 1 && (money.million || len(weak) == 2 && money.any) {
		out = append(out, Hit{Kind: AdvanceFee, Evidence: evidence(append([]string{fs[0], money.text}, weak...)...)})
	}
	// Job offer: a job and pay per time.
	if has(gJob) && has(gJobPay) && (money.any || strings.ContainsAny(first(byGroup[gJobPay]), "日時報稼月")) {
		out = append(out, Hit{Kind: JobOffer, Evidence: evidence(first(byGroup[gJob]), first(byGroup[gJobPay]))})
	}
	// Gift cards: cards by name and a request for their codes.
	if has(gGiftCard) && len(distinct(byGroup[gGiftSend], 2)) >= 2 {
		out = append(out, Hit{Kind: GiftCard, Evidence: evidence(append([]string{first(byGroup[gGiftCard])}, distinct(byGroup[gGiftSend], 2)...)...)})
	}
	// Extortion: a claimed intrusion, a threat to expose, and a payment.
	if has(gThreat) && has(gExposure) && has(gExtortPay) {
		out = append(out, Hit{Kind: Extortion, Evidence: evidence(first(byGroup[gThreat]), first(byGroup[gExposure]), first(byGroup[gExtortPay]))})
	}
	return out
}

func first(fs []found) string {
	if len(fs) == 0 {
		return ""
	}
	return fs[0].text
}

// distinct returns up to n phrases that differ once folded.
func distinct(fs []found, n int) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range fs {
		k := phrase.Fold(f.text)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f.text)
		if len(out) == n {
			break
		}
	}
	return out
}

// nearest returns the cue closest to [start, end) within near bytes.
func nearest(cues []found, start, end int) (string, bool) {
	best, dist := "", near+1
	for _, c := range cues {
		d := 0
		switch {
		case c.end <= start:
			d = start - c.end
		case c.start >= end:
			d = c.start - end
		}
		if d < dist {
			best, dist = c.text, d
		}
	}
	return best, dist <= near
}

// evidence quotes the parts, each clipped, at most 160 bytes in all.
func evidence(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" + ")
		}
		fmt.Fprintf(&b, "%q", clip(p, 48))
		if b.Len() > 160 {
			break
		}
	}
	return b.String()
}
