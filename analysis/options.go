package analysis

import "errors"

// Options change how one input is analyzed.
type Options struct {
	File    string // shown in the report's "file" field
	Lang    string // en|ja: language of the reasons' Text (both are always filled)
	Offline bool   // no network lookups for this call (GeoIP files are still read)
}

// ErrInput marks errors caused by the input itself (not a mail, over a size
// bound, unreadable): the CLI exits 2 and the bot tells the user.
var ErrInput = errors.New("unusable input")
