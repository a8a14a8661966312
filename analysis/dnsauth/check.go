package dnsauth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	orgdomain "github.com/checkmail/checkmail/analysis/domain"
	"net"
	"net/netip"
	"strings"
	"sync"

	"blitiri.com.ar/go/spf"
	"github.com/emersion/go-msgauth/dkim"
	"github.com/emersion/go-msgauth/dmarc"

	"github.com/checkmail/checkmail/analysis/report"
)

// DKIM results.
const (
	DKIMPass         = "pass"
	DKIMFail         = "fail"
	DKIMUnverifiable = "unverifiable"
	DKIMError        = "error"
)

// MaxSignatures bounds how many DKIM signatures are verified per mail.
const MaxSignatures = 5

// Checker runs the DNS-based checks. Safe for concurrent use.
type Checker struct {
	Resolver Resolver
}

// DKIM re-verifies every DKIM-Signature of raw (up to MaxSignatures). A
// key that cannot be found (NXDOMAIN, no record, DNS failure), a revoked
// key or an expired signature is "unverifiable": old mail is normal and
// keys rotate. A signature that does not match is "fail". With bodyMissing
// (headers-only input) every signature is unverifiable without a lookup.
func (c *Checker) DKIM(ctx context.Context, raw []byte, bodyMissing bool) []report.DKIMCheck {
	sigs := signatures(raw)
	if len(sigs) == 0 {
		return nil
	}
	if len(sigs) > MaxSignatures {
		sigs = sigs[:MaxSignatures]
	}
	if bodyMissing {
		out := make([]report.DKIMCheck, len(sigs))
		for i, s := range sigs {
			out[i] = report.DKIMCheck{Domain: s.domain, Selector: s.selector, Result: DKIMUnverifiable, Error: "no message body to verify"}
		}
		return out
	}
	var mu sync.Mutex
	keyErr := map[string]error{} // query name → lookup error
	lookup := func(name string) ([]string, error) {
		txts, err := c.Resolver.LookupTXT(ctx, name)
		mu.Lock()
		keyErr[strings.ToLower(name)] = err
		mu.Unlock()
		return txts, err
	}
	verifs, err := dkim.VerifyWithOptions(bytes.NewReader(raw), &dkim.VerifyOptions{LookupTXT: lookup, MaxVerifications: MaxSignatures})
	if err != nil && !errors.Is(err, dkim.ErrTooManySignatures) && len(verifs) == 0 {
		out := make([]report.DKIMCheck, len(sigs))
		for i, s := range sigs {
			out[i] = report.DKIMCheck{Domain: s.domain, Selector: s.selector, Result: DKIMError, Error: err.Error()}
		}
		return out
	}
	out := make([]report.DKIMCheck, 0, len(verifs))
	for i, v := range verifs {
		chk := report.DKIMCheck{Domain: strings.ToLower(v.Domain)}
		if i < len(sigs) {
			chk.Selector = sigs[i].selector
			if chk.Domain == "" {
				chk.Domain = sigs[i].domain
			}
		}
		mu.Lock()
		lerr, looked := keyErr[strings.ToLower(chk.Selector+"._domainkey."+chk.Domain)]
		mu.Unlock()
		switch e := v.Err; {
		case e == nil:
			chk.Result = DKIMPass
		case looked && lerr != nil:
			chk.Result, chk.Error = DKIMUnverifiable, "key not found: "+dnsReason(lerr)
		case dkim.IsTempFail(e):
			chk.Result, chk.Error = DKIMUnverifiable, e.Error()
		case dkim.IsPermFail(e):
			msg := e.Error()
			if strings.Contains(msg, "revoked") || strings.Contains(msg, "expired") || strings.Contains(msg, "no key") || strings.Contains(msg, "no valid key") {
				chk.Result = DKIMUnverifiable
			} else {
				chk.Result = DKIMError
			}
			chk.Error = msg
		default: // signature or body hash mismatch
			chk.Result, chk.Error = DKIMFail, e.Error()
		}
		out = append(out, chk)
	}
	return out
}

func dnsReason(err error) string {
	var de *net.DNSError
	if errors.As(err, &de) {
		switch {
		case de.IsNotFound:
			return "no such record"
		case de.IsTimeout:
			return "DNS timeout"
		case de.IsTemporary:
			return "temporary DNS failure"
		}
	}
	return err.Error()
}

type sig struct{ domain, selector string }

// signatures lists d= and s= of the DKIM-Signature fields of raw's header,
// in order (the order go-msgauth reports them in).
func signatures(raw []byte) []sig {
	head := raw
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(raw, sep); i >= 0 && i < len(head) {
			head = raw[:i]
		}
	}
	var out []sig
	var cur []byte
	flush := func() {
		if len(cur) == 0 {
			return
		}
		name, val, ok := bytes.Cut(cur, []byte(":"))
		if ok && strings.EqualFold(strings.TrimSpace(string(name)), "DKIM-Signature") {
			s := sig{}
			for _, tag := range strings.Split(string(val), ";") {
				k, v, _ := strings.Cut(tag, "=")
				v = strings.Join(strings.Fields(v), "")
				switch strings.TrimSpace(k) {
				case "d":
					s.domain = strings.ToLower(v)
				case "s":
					s.selector = v
				}
			}
			out = append(out, s)
		}
		cur = nil
	}
	for _, line := range bytes.Split(head, []byte("\n")) {
		line = bytes.TrimRight(line, "\r")
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			cur = append(cur, ' ')
			cur = append(cur, line...)
			continue
		}
		flush()
		cur = append(cur[:0:0], line...)
	}
	flush()
	return out
}

// Policy is a DMARC record's policy.
type Policy struct {
	Domain string // where the record was found (_dmarc.<Domain>)
	P, SP  string
	Pct    int
}

// ErrNoDMARC means neither the domain nor its organizational domain
// publishes a DMARC record.
var ErrNoDMARC = errors.New("no DMARC record")

// DMARC reads the DMARC policy of domain, falling back to its
// organizational domain (RFC 7489 §6.6.3).
func (c *Checker) DMARC(ctx context.Context, domain string) (Policy, error) {
	domain = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	if domain == "" {
		return Policy{}, errors.New("dmarc: no From domain")
	}
	cands := []string{domain}
	if org := orgdomain.Org(domain); org != "" && org != domain {
		cands = append(cands, org)
	}
	opts := &dmarc.LookupOptions{LookupTXT: func(name string) ([]string, error) { return c.Resolver.LookupTXT(ctx, name) }}
	for _, d := range cands {
		rec, err := dmarc.LookupWithOptions(d, opts)
		if errors.Is(err, dmarc.ErrNoPolicy) {
			continue
		}
		if err != nil {
			return Policy{}, fmt.Errorf("dmarc %s: %w", d, err)
		}
		p := Policy{Domain: d, P: string(rec.Policy), SP: string(rec.SubdomainPolicy), Pct: 100}
		if rec.Percent != nil {
			p.Pct = *rec.Percent
		}
		return p, nil
	}
	return Policy{}, ErrNoDMARC
}

// SPF evaluates the SPF record of mailFrom's domain (or helo for a null
// sender) for ip.
func (c *Checker) SPF(ctx context.Context, ip netip.Addr, helo, mailFrom string) (string, error) {
	if !ip.IsValid() {
		return "", errors.New("spf: no origin IP")
	}
	mailFrom = strings.Trim(strings.TrimSpace(mailFrom), "<>")
	if mailFrom == "" && helo == "" {
		return "", errors.New("spf: no Return-Path or HELO")
	}
	res, err := spf.CheckHostWithSender(net.IP(ip.Unmap().AsSlice()), helo, mailFrom,
		spf.WithResolver(c.Resolver), spf.WithContext(ctx))
	return string(res), err
}

// Input is what Check needs from the mail.
type Input struct {
	Raw         []byte
	BodyMissing bool
	FromDomain  string
	OriginIP    netip.Addr
	MailFrom    string
	Helo        string
	Recorded    report.Auth
}

// Check runs DKIM, DMARC and SPF concurrently and lists disagreements with
// the recorded results. Errors are reported per part in errs (keys "dkim",
// "dmarc", "spf"); parts that could not run are left empty.
func (c *Checker) Check(ctx context.Context, in Input) (own report.OwnAuth, errs map[string]error) {
	errs = map[string]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		d := c.DKIM(ctx, in.Raw, in.BodyMissing)
		mu.Lock()
		own.DKIM = d
		mu.Unlock()
	}()
	go func() {
		defer wg.Done()
		p, err := c.DMARC(ctx, in.FromDomain)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs["dmarc"] = err
			return
		}
		own.DMARCPolicy, own.DMARCSubPol, own.DMARCPct = p.P, p.SP, p.Pct
	}()
	go func() {
		defer wg.Done()
		r, err := c.SPF(ctx, in.OriginIP, in.Helo, in.MailFrom)
		mu.Lock()
		defer mu.Unlock()
		own.SPF = r
		// spf returns an explanatory error with every result ("matched
		// all"); only a result that is itself an error is one.
		if err != nil && (r == "" || r == string(spf.TempError) || r == string(spf.PermError)) {
			errs["spf"] = err
		}
	}()
	wg.Wait()
	own.Disagreements = Disagreements(in.Recorded, own)
	return own, errs
}

// Disagreements compares the recorded Authentication-Results with our own
// check. Only definite results count: an unverifiable DKIM key or a DNS
// error is not a disagreement (the recorded result was computed at
// delivery time).
func Disagreements(rec report.Auth, own report.OwnAuth) []string {
	var out []string
	recSPF := strings.ToLower(rec.SPF)
	if definiteSPF(recSPF) && definiteSPF(own.SPF) && (recSPF == "pass") != (own.SPF == "pass") {
		out = append(out, fmt.Sprintf("recorded spf=%s but our check says %s", recSPF, own.SPF))
	}
	recDKIM := strings.ToLower(rec.DKIM)
	passed := map[string]bool{}
	for _, d := range rec.DKIMPassed {
		passed[strings.ToLower(d)] = true
	}
	for _, chk := range own.DKIM {
		switch {
		case chk.Result == DKIMFail && (passed[chk.Domain] || (recDKIM == "pass" && len(passed) == 0)):
			out = append(out, fmt.Sprintf("recorded dkim=pass for %s but our check failed", chk.Domain))
		case chk.Result == DKIMPass && recDKIM == "fail" && !passed[chk.Domain]:
			out = append(out, fmt.Sprintf("recorded dkim=fail but our check passed for %s", chk.Domain))
		}
	}
	return out
}

func definiteSPF(s string) bool {
	switch s {
	case "pass", "fail", "softfail":
		return true
	}
	return false
}
