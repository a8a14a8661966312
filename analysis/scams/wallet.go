package scams

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"golang.org/x/crypto/sha3"
)

// Coin is the currency a wallet address belongs to.
type Coin uint8

const (
	NoCoin Coin = iota
	Bitcoin
	Ethereum // and every EVM chain (USDT on Ethereum, BNB Smart Chain…)
	Tron     // USDT-TRC20 mostly
	Litecoin
	Dogecoin
)

var coinNames = [...]string{"", "BTC", "ETH", "TRX", "LTC", "DOGE"}

// String is the coin's ticker.
func (c Coin) String() string {
	if int(c) < len(coinNames) {
		return coinNames[c]
	}
	return "?"
}

// Wallet is a cryptocurrency address found in text, its checksum verified.
type Wallet struct {
	Coin    Coin
	Address string
}

const maxWallets = 8

const b58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var b58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(b58Alphabet); i++ {
		t[b58Alphabet[i]] = int8(i)
	}
	return t
}()

// findWallets returns the wallet addresses in text whose checksum is valid:
// Base58Check (Bitcoin 1…/3…, Tron T…, Litecoin L…/M…, Dogecoin D…/A…/9…),
// Bech32 and Bech32m (bc1…, ltc1…), and Ethereum 0x… (EIP-55 checked when
// written in mixed case).
func findWallets(text string) []Wallet {
	const minLen = 25 // the shortest address
	var out []Wallet
	seen := map[string]bool{}
	// Only runs of minLen letters and digits or more are read, and each
	// holds one of the probed bytes, minLen apart: at a probe that is a
	// letter or digit, the run around it is found (its start is never
	// before the previous probe or run end, which were not).
	for p := minLen - 1; p < len(text) && len(out) < maxWallets; {
		if !alnum(text[p]) {
			p += minLen
			continue
		}
		i, j := p, p+1
		for i > 0 && alnum(text[i-1]) {
			i--
		}
		for j < len(text) && alnum(text[j]) {
			j++
		}
		p = j + minLen // text[j] is no letter or digit (or the end)
		tok := text[i:j]
		if i > 0 && (text[i-1] == '/' || text[i-1] == '=' || text[i-1] == '%') {
			// Part of a URL path or query: not written for a reader to copy.
			tok = ""
		}
		if len(tok) >= 25 && len(tok) <= 90 && !seen[tok] {
			if c := walletCoin(tok); c != NoCoin {
				seen[tok] = true
				out = append(out, Wallet{Coin: c, Address: tok})
			}
		}
	}
	return out
}

func alnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func walletCoin(tok string) Coin {
	switch {
	case len(tok) == 42 && (strings.HasPrefix(tok, "0x") || strings.HasPrefix(tok, "0X")):
		if ethValid(tok[2:]) {
			return Ethereum
		}
		return NoCoin
	case len(tok) >= 14 && (strings.HasPrefix(strings.ToLower(tok), "bc1") || strings.HasPrefix(strings.ToLower(tok), "ltc1")):
		hrp, ok := bech32Valid(tok)
		switch {
		case !ok:
		case hrp == "bc":
			return Bitcoin
		case hrp == "ltc":
			return Litecoin
		}
		return NoCoin
	}
	if len(tok) < 26 || len(tok) > 35 {
		return NoCoin
	}
	payload, ok := base58Check(tok)
	if !ok || len(payload) != 21 {
		return NoCoin
	}
	switch payload[0] {
	case 0x00, 0x05:
		return Bitcoin
	case 0x41:
		return Tron
	case 0x30, 0x32:
		return Litecoin
	case 0x1e, 0x16:
		return Dogecoin
	}
	return NoCoin
}

// base58Check decodes s and verifies its 4-byte double-SHA-256 checksum,
// returning the payload without the checksum.
func base58Check(s string) ([]byte, bool) {
	// Decode into a big-endian byte slice (s is at most 35 characters).
	var buf [40]byte
	n := 0 // bytes used, at the end of buf
	for i := 0; i < len(s); i++ {
		v := int(b58Index[s[i]])
		if v < 0 {
			return nil, false
		}
		carry := v
		for k := len(buf) - 1; k >= len(buf)-n; k-- {
			carry += int(buf[k]) * 58
			buf[k] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			if n == len(buf) {
				return nil, false
			}
			n++
			buf[len(buf)-n] = byte(carry)
			carry >>= 8
		}
	}
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	if zeros+n > len(buf) {
		return nil, false
	}
	dec := make([]byte, zeros+n)
	copy(dec[zeros:], buf[len(buf)-n:])
	if len(dec) < 5 {
		return nil, false
	}
	body, sum := dec[:len(dec)-4], dec[len(dec)-4:]
	h1 := sha256.Sum256(body)
	h2 := sha256.Sum256(h1[:])
	if string(h2[:4]) != string(sum) {
		return nil, false
	}
	return body, true
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// bech32Valid verifies a Bech32 (BIP 173) or Bech32m (BIP 350) string and
// returns its human-readable part.
func bech32Valid(s string) (string, bool) {
	if len(s) > 90 || strings.ToLower(s) != s && strings.ToUpper(s) != s {
		return "", false
	}
	s = strings.ToLower(s)
	sep := strings.LastIndexByte(s, '1')
	if sep < 1 || sep+7 > len(s) {
		return "", false
	}
	hrp, data := s[:sep], s[sep+1:]
	values := make([]byte, 0, len(hrp)*2+1+len(data))
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]>>5)
	}
	values = append(values, 0)
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]&31)
	}
	for i := 0; i < len(data); i++ {
		v := strings.IndexByte(bech32Charset, data[i])
		if v < 0 {
			return "", false
		}
		values = append(values, byte(v))
	}
	chk := bech32Polymod(values)
	return hrp, chk == 1 || chk == 0x2bc830a3
}

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// ethValid: 40 hex digits; in mixed case the EIP-55 checksum must hold.
func ethValid(h string) bool {
	if _, err := hex.DecodeString(h); err != nil {
		return false
	}
	lower := strings.ToLower(h)
	if h == lower || h == strings.ToUpper(h) {
		// All zeros or all one digit is a placeholder, not an address.
		return strings.Trim(lower, lower[:1]) != ""
	}
	k := sha3.NewLegacyKeccak256()
	k.Write([]byte(lower))
	sum := k.Sum(nil)
	for i := 0; i < 40; i++ {
		c := h[i]
		if c >= '0' && c <= '9' {
			continue
		}
		nibble := sum[i/2] >> 4
		if i%2 == 1 {
			nibble = sum[i/2] & 0xf
		}
		if (nibble >= 8) != (c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
