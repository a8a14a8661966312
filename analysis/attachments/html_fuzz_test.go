package attachments

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/checkmail/checkmail/internal/corpustest"
)

func FuzzAnalyzeHTML(f *testing.F) {
	for _, s := range []string{smuggling, smugglingIE, credForm, metaRefresh, locationJS, svgScript, svgForeign, iframeData, benign,
		writeB64Page(credForm), writeEscaped(metaRefresh), `<a href="data:text/html,%3Cform%3E" download>x</a>`,
		`<script>eval("\x3c\x68\x74\x6d\x6c\x3e")</script>`, `<style>@import url("https://x.test/a.css")</style>`,
		"Ⱥİ\u212a\xff<Script>window.location='HTTPS://Ⱥ.x.test/İ'</SCRIPT><STYLE>URL(https://x.test/\u212a)</STYLE><IMG SRC=\"//x.test/\xff\">"} {
		f.Add([]byte(s))
	}
	for _, b := range corpustest.Seeds(20) {
		if i := bytes.Index(bytes.ToLower(b), []byte("<html")); i >= 0 {
			f.Add(b[i:min(len(b), i+32<<10)])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := AnalyzeHTML(data)
		if len(r.URLs) > maxHTMLURLs || len(r.Hosts) > maxHTMLURLs {
			t.Fatalf("%d urls %d hosts", len(r.URLs), len(r.Hosts))
		}
		// indicators: unique, in the fixed order
		last := -1
		for _, ind := range r.Indicators {
			i := slices.Index(indicatorOrder, ind)
			if i <= last {
				t.Fatalf("indicator order %q", r.Indicators)
			}
			last = i
		}
		for _, u := range r.URLs {
			if len(u.URL) > maxURLLen || u.URL == "" || u.Role == "" {
				t.Fatalf("url %+v", u)
			}
			if strings.ContainsAny(u.Host, " /@;?#\x00\r\n\t") {
				t.Fatalf("host %q", u.Host)
			}
		}
	})
}

// BenchmarkAnalyzeHTML: a 200 KB credential page with scripts, styles,
// links and a base64-hidden inner page.
func BenchmarkAnalyzeHTML(b *testing.B) {
	var page strings.Builder
	page.WriteString(credForm)
	for page.Len() < 150<<10 {
		page.WriteString(`<div class="row"><a href="https://cdn.example/item?id=42">Item</a><span style="color:#333">Lorem ipsum dolor sit amet, consectetur.</span></div>` + "\n")
		page.WriteString(`<script>function f(a){return a.map(function(x){return x*2})}; var cfg={"k":"v","n":1};</script>` + "\n")
	}
	page.WriteString(writeB64Page(strings.Repeat(credForm, 20)))
	data := []byte(page.String())
	b.Logf("page %d bytes", len(data))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		AnalyzeHTML(data)
	}
}
