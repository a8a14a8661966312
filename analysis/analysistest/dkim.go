package analysistest

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"testing"

	"github.com/emersion/go-msgauth/dkim"
)

// SignDKIM signs raw for domain/selector with a fresh 2048-bit RSA key and
// returns the signed message and the TXT record to publish at
// <selector>._domainkey.<domain>.
func SignDKIM(t testing.TB, raw []byte, domain, selector string) (signed []byte, txtRecord string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("SignDKIM: %v", err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatalf("SignDKIM: %v", err)
	}
	return signWith(t, raw, domain, selector, key), "v=DKIM1; k=rsa; p=" + base64.StdEncoding.EncodeToString(der)
}

// SignDKIMEd25519 signs with an Ed25519 key derived from domain and
// selector, so the same fixture always gets the same key (and the key
// published by Fixtures verifies it).
func SignDKIMEd25519(t testing.TB, raw []byte, domain, selector string) (signed []byte, txtRecord string) {
	t.Helper()
	key := FixedKey(domain, selector)
	return signWith(t, raw, domain, selector, key), Ed25519TXT(key)
}

// FixedKey derives a deterministic Ed25519 test key for domain/selector.
func FixedKey(domain, selector string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("checkmail-test-dkim:" + selector + "._domainkey." + domain))
	return ed25519.NewKeyFromSeed(seed[:])
}

// Ed25519TXT is the DKIM TXT record of key.
func Ed25519TXT(key ed25519.PrivateKey) string {
	return "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey))
}

func signWith(t testing.TB, raw []byte, domain, selector string, key crypto.Signer) []byte {
	t.Helper()
	var out bytes.Buffer
	opts := &dkim.SignOptions{
		Domain:                 domain,
		Selector:               selector,
		Signer:                 key,
		HeaderCanonicalization: dkim.CanonicalizationRelaxed,
		BodyCanonicalization:   dkim.CanonicalizationRelaxed,
		HeaderKeys:             []string{"From", "To", "Subject", "Date", "Message-ID"},
	}
	if err := dkim.Sign(&out, bytes.NewReader(raw), opts); err != nil {
		t.Fatalf("SignDKIM: %v", err)
	}
	return out.Bytes()
}
