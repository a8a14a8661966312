package corpustest

import "testing"

func TestStripProvider(t *testing.T) {
	in := "Received: x\r\nX-MS-Exchange-Organization-SCL: 9\r\nX-Forefront-Antispam-Report: CIP:1.2.3.4;\r\n SCL:9;CAT:PHSH\r\nSubject: hi\r\nX-Spam-Flag: YES\r\n\r\nX-Spam-Flag: body stays\r\n"
	want := "Received: x\r\nSubject: hi\r\n\r\nX-Spam-Flag: body stays\r\n"
	if got := string(StripProvider([]byte(in))); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := string(StripProvider([]byte("Subject: only\n"))); got != "Subject: only\n" {
		t.Errorf("no body: %q", got)
	}
}
