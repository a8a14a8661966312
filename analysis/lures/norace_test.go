//go:build !race

package lures

const raceEnabled = false
