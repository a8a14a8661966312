package analysis

import (
	"strings"
	"testing"

	"github.com/checkmail/checkmail/analysis/message"
)

func TestHeuristics(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"random token", randomToken, "Notificação Emitida - Zi9yvh51JBhF", "Zi9yvh51JBhF"},
		{"random token, hex id", randomToken, "[PATCH] fix a1b2c3d4e5f6 regression", ""},
		{"random token, CamelCase word", randomToken, "Re: JavaScriptCore crash", ""},
		{"random token, version", randomToken, "Release v2.4.1 of LibreOffice7", ""},
		{"org display name", orgDisplayName, "PayPal Support Team", "support"},
		{"org display name, person", orgDisplayName, "John Smith", ""},
		{"org display name, bracket tag", orgDisplayName, "[BB] - Seu saldo", "[BB] - Seu saldo"},
		{"org display name, long number", orgDisplayName, "Resgate 94322041419", "a long number"},
		{"org display name, japanese", orgDisplayName, "SMARTalkカスタマーセンター", "カスタマー"},
		{"hash buster", hashBuster, "Dear member,\n" + strings.Repeat("qwzx", 20) + "\n", strings.Repeat("qwzx", 15)},
		{"hash buster, prose", hashBuster, "Pneumonoultramicroscopicsilicovolcanoconiosis is long but not that long", ""},
		{"hash buster, url", hashBuster, "https://example.com/a/very/long/path/with/many/segments/and/words/in/it", ""},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%s: f(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestStripTags(t *testing.T) {
	got := stripTags(`<style>p{x}</style><p>Update&nbsp;your <b>card</b></p><script>alert(1)</script>now`)
	if got != "  Update\u00a0your  card   now" {
		t.Errorf("stripTags = %q", got)
	}
}

func TestFilterFlag(t *testing.T) {
	tests := []struct {
		h    message.Header
		want string
	}{
		{message.Header{{Key: "X-Spam-Flag", Value: "YES"}}, "X-Spam-Flag: YES"},
		{message.Header{{Key: "X-Spam-Status", Value: "Yes, score=23.0 required=5.0 tests=BAYES_60"}}, "X-Spam-Status: Yes, score=23.0 required=5.0"},
		{message.Header{{Key: "X-Spam-Status", Value: "No, score=-2.6"}, {Key: "X-Spam-Flag", Value: "NO"}}, ""},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := filterFlag(tt.h); got != tt.want {
			t.Errorf("filterFlag(%v) = %q, want %q", tt.h, got, tt.want)
		}
	}
}
