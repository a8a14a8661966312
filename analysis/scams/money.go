package scams

import (
	"strings"

	"github.com/checkmail/checkmail/internal/ascii"
)

// money is what findMoney saw.
type money struct {
	any     bool   // an amount of money in a currency
	million bool   // an amount of a million or more (dollars, pounds, euros)
	text    string // the first amount, as written
	crypto  string // the first amount in a cryptocurrency ("0.85 BTC")
}

const maxAmounts = 64

// merge adds what another text showed.
func (m money) merge(o money) money {
	m.any = m.any || o.any
	m.million = m.million || o.million
	if m.text == "" {
		m.text = o.text
	}
	if m.crypto == "" {
		m.crypto = o.crypto
	}
	return m
}

// findMoney finds amounts of money: a number with a currency sign or code
// before or after it ($1,500, US$ 4.5 million, 2.500 €, 10,000円, 0.85 BTC).
func findMoney(text string) money {
	var m money
	seen := 0
	for i := 0; i < len(text) && seen < maxAmounts; i++ {
		for i < len(text) && text[i]-'0' > 9 {
			i++ // to the next digit, in a tight loop
		}
		if i == len(text) || i > 0 && isAlnum(ascii.LowerByte(text[i-1])) {
			continue
		}
		j, intDigits := i, 0
		inInt := true
		for j < len(text) && (text[j] >= '0' && text[j] <= '9' || (text[j] == ',' || text[j] == '.') && j+1 < len(text) && text[j+1] >= '0' && text[j+1] <= '9') {
			if text[j] == '.' && j+3 < len(text) && text[j+3] >= '0' && text[j+3] <= '9' && text[j+1] >= '0' && text[j+2] >= '0' {
				// 1.500.000 (thousands) keeps the integer part going.
			} else if text[j] == '.' {
				inInt = false
			}
			if inInt && text[j] >= '0' && text[j] <= '9' {
				intDigits++
			}
			j++
		}
		seen++
		// The text around the number, lower-cased: ASCII (the usual case)
		// on the stack, the rest by strings.ToLower.
		var beforeBuf, afterBuf, lbBuf [16]byte
		before := text[max(0, i-5):i]
		if ascii.Is(before) {
			before = string(ascii.LowerInto(beforeBuf[:], before))
		} else {
			before = strings.ToLower(before)
		}
		after := text[j:min(len(text), j+14)]
		if ascii.Is(after) {
			after = string(ascii.LowerInto(afterBuf[:], after))
		} else {
			after = strings.ToLower(after)
		}
		after = strings.TrimLeft(after, " _")
		cur := strings.HasSuffix(strings.TrimRight(before, " "), "$") || strings.HasSuffix(before, "£") ||
			strings.HasSuffix(before, "€") || strings.HasSuffix(before, "¥") || strings.HasSuffix(before, "￥") ||
			strings.HasSuffix(strings.TrimRight(before, " "), "usd") || strings.HasSuffix(strings.TrimRight(before, " "), "eur") ||
			strings.HasSuffix(strings.TrimRight(before, " "), "gbp")
		mil := strings.HasPrefix(after, "million") || strings.HasPrefix(after, "m ") || strings.HasPrefix(after, "bn") ||
			strings.HasPrefix(after, "billion")
		for _, s := range []string{"usd", "dollar", "eur", "euro", "gbp", "pound", "円", "万円", "億円", "jpy", "€", "£", "$"} {
			if strings.HasPrefix(after, s) && (len(after) == len(s) || s[0] >= 0x80 || !isAlnum(ascii.LowerByte(after[len(s)])) || after[len(s)] == 's') {
				cur = true
			}
		}
		if mil {
			// "$4.5 million", "USD 10 million", "10 million dollars"
			rest := strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(after, "million"), "billion"), " ")
			cur = cur || strings.HasPrefix(rest, "usd") || strings.HasPrefix(rest, "dollar") || strings.HasPrefix(rest, "united states") ||
				strings.HasPrefix(rest, "us d") || strings.HasPrefix(rest, "euro") || strings.HasPrefix(rest, "pound")
		}
		lb := text[max(0, i-12):i]
		if ascii.Is(lb) {
			lb = string(ascii.LowerInto(lbBuf[:], lb))
		} else {
			lb = strings.ToLower(lb)
		}
		// A coin is named right after the number (so after starts with a
		// coin's first letter) or before it (then lb ends in a space).
		if len(after) > 0 && strings.IndexByte("bdelstux", after[0]) >= 0 || strings.HasSuffix(lb, " ") {
			for _, s := range coins {
				if strings.HasPrefix(after, s) && (len(after) == len(s) || !isAlnum(ascii.LowerByte(after[len(s)]))) ||
					hasSuffix2(lb, s, " of ") || hasSuffix2(lb, s, " ") || hasSuffix2(lb, s, ": ") {
					if m.crypto == "" {
						m.crypto = clip(text[i:j]+" "+strings.ToUpper(s), 32)
					}
				}
			}
		}
		if !cur {
			continue
		}
		if !m.any {
			m.any = true
			from := i
			if k := strings.LastIndexAny(text[max(0, i-5):i], "$£€¥￥"); k >= 0 {
				from = max(0, i-5) + k
				if from >= 2 && strings.EqualFold(text[from-2:from], "us") {
					from -= 2
				}
			}
			m.text = clip(text[from:j], 32)
		}
		if mil || intDigits >= 7 && !strings.HasPrefix(after, "円") && !strings.HasPrefix(after, "jpy") && !strings.HasSuffix(before, "¥") {
			m.million = true
		}
		i = j
	}
	return m
}

// hasSuffix2 is strings.HasSuffix(s, a+b) without building a+b (findMoney
// asked it 30 times for every number).
func hasSuffix2(s, a, b string) bool {
	return strings.HasSuffix(s, b) && strings.HasSuffix(s[:len(s)-len(b)], a)
}

// coins are the cryptocurrencies findMoney reads amounts of.
var coins = []string{"btc", "bitcoin", "eth", "usdt", "ethereum", "ltc", "trx", "xrp", "sol", "doge"}
