package qr

import (
	"errors"
	"image"
	"image/color"
	"testing"
	"time"
)

// TestFinderTiles: an image tiled with finder-pattern look-alikes (the
// cubic case of the detector) is refused quickly, and a real code still
// counts few candidates.
func TestFinderTiles(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 1500, 1500))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	// 7×7-module finder look-alikes, module 2 px, every 18 px
	for oy := 0; oy+14 <= 1500; oy += 18 {
		for ox := 0; ox+14 <= 1500; ox += 18 {
			for y := 0; y < 14; y++ {
				for x := 0; x < 14; x++ {
					mx, my := x/2, y/2
					ring := mx == 0 || mx == 6 || my == 0 || my == 6
					core := mx >= 2 && mx <= 4 && my >= 2 && my <= 4
					if ring || core {
						img.SetGray(ox+x, oy+y, color.Gray{0})
					}
				}
			}
		}
	}
	lum, w, h := luminance(img, DefaultLimits().DetectPixels)
	if hits, _ := finderHits(lum, w, h, 128); hits <= maxCandidates {
		t.Fatalf("tiles: %d hits", hits)
	}
	data := encPNG(t, img)
	st := time.Now()
	_, err := Decode(data, KindPNG, Limits{Timeout: time.Minute})
	if !errors.Is(err, ErrTooComplex) {
		t.Errorf("err %v", err)
	}
	// Without the candidate count this image runs for minutes; with it,
	// decoding the PNG is most of the time (seconds under -race).
	if d := time.Since(st); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
	code := qr(t, url1, 400)
	lum, w, h = luminance(code, DefaultLimits().DetectPixels)
	hits, inv := finderHits(lum, w, h, 128)
	if hits < 3 || hits > maxMultiCandidates {
		t.Errorf("code: %d hits (%d inverted)", hits, inv)
	}
	t.Logf("code: %d hits, %d inverted", hits, inv)
}
