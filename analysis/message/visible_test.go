package message

import "testing"

func TestStripTags(t *testing.T) {
	got := StripTags(`<style>p{x}</style><p>Update&nbsp;your <b>card</b></p><script>alert(1)</script>now`)
	if got != "  Update\u00a0your  card   now" {
		t.Errorf("StripTags = %q", got)
	}
}
