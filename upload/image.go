// Package upload checks the images members upload and keeps them.
//
// Process accepts a JPEG or PNG (decided by its bytes, never by its name
// or the browser's word), refuses anything larger than MaxBytes or
// MaxPixels, turns it upright by its EXIF orientation, scales it down to
// MaxSide, and encodes it afresh with the standard library. The new file
// carries pixels only: EXIF (camera, time, GPS location), XMP, IPTC,
// comments and embedded thumbnails are all dropped, because Go's encoders
// write none of them. Dir keeps files in a directory; an S3-compatible
// store can implement Store later.
package upload

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"

	"github.com/hearth-community/hearth"
)

// Limits on uploaded images.
const (
	// MaxBytes is the largest file accepted, as uploaded.
	MaxBytes = 5 << 20
	// MaxPixels bounds width×height before decoding, so that a small
	// file that claims a huge image cannot exhaust memory.
	MaxPixels = 40_000_000
	// MaxSide is the longest side kept; larger images are scaled down.
	MaxSide = 1600
	// jpegQuality is a good balance for photos on slow connections.
	jpegQuality = 82
)

// Image is a checked, re-encoded image ready to store.
type Image struct {
	Data        []byte
	ContentType string // image/jpeg or image/png
	Ext         string // .jpg or .png
	Width       int
	Height      int
}

// Field is the form field that errors from Process name.
const Field = "cover"

// Process reads an uploaded image (at most MaxBytes), checks it and
// re-encodes it without metadata.
func Process(r io.Reader) (*Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBytes {
		return nil, &hearth.Error{Code: hearth.ETooLarge, Field: Field,
			Message: fmt.Sprintf("Your image is larger than %d MB. Please choose a smaller one, or make it smaller on your phone or computer first.", MaxBytes>>20)}
	}
	if len(data) == 0 {
		return nil, hearth.FieldErrorf(Field, "The image you chose is empty. Please choose another one.")
	}
	kind := http.DetectContentType(data)
	if kind != "image/jpeg" && kind != "image/png" {
		return nil, hearth.FieldErrorf(Field, "Please choose a photo or picture in JPEG or PNG format. This file is not one (it looks like %s).", describe(kind))
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, hearth.FieldErrorf(Field, "We could not read this image; the file may be damaged. Please choose another one.")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return nil, hearth.FieldErrorf(Field, "This image is %d × %d pixels, too large for us to process. Please make it smaller first.", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, hearth.FieldErrorf(Field, "We could not read this image; the file may be damaged. Please choose another one.")
	}
	if kind == "image/jpeg" {
		img = orient(img, jpegOrientation(data))
	}
	img = shrink(img, MaxSide)
	var out bytes.Buffer
	out.Grow(len(data))
	res := &Image{ContentType: kind, Width: img.Bounds().Dx(), Height: img.Bounds().Dy()}
	if kind == "image/jpeg" {
		res.Ext = ".jpg"
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: jpegQuality})
	} else {
		res.Ext = ".png"
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, img)
	}
	if err != nil {
		return nil, fmt.Errorf("encode image: %w", err)
	}
	res.Data = out.Bytes()
	return res, nil
}

func describe(kind string) string {
	switch kind {
	case "image/gif":
		return "a GIF"
	case "image/webp":
		return "a WebP image"
	case "image/bmp":
		return "a BMP image"
	case "application/pdf":
		return "a PDF"
	case "text/plain; charset=utf-8", "text/html; charset=utf-8":
		return "text"
	}
	return "another kind of file"
}

// NewName returns a random file name with ext: 128 random bits, so that
// names cannot be guessed or enumerated.
func NewName(ext string) string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b) + ext
}

// ValidName reports whether name has the shape NewName gives, so that a
// name from a URL can never reach outside the upload directory.
func ValidName(name string) bool {
	if len(name) != 36 || (name[32:] != ".jpg" && name[32:] != ".png") {
		return false
	}
	for i := 0; i < 32; i++ {
		c := name[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// ContentType returns the type of a valid name by its extension.
func ContentType(name string) string {
	if len(name) > 4 && name[len(name)-4:] == ".png" {
		return "image/png"
	}
	return "image/jpeg"
}

// orient turns img upright according to an EXIF orientation (1–8).
func orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4: // mirrored upside down
				dx, dy = x, h-1-y
			case 5: // mirrored, turned
				dx, dy = y, x
			case 6: // turned right
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8: // turned left
				dx, dy = y, w-1-x
			}
			dst.Set(dx, dy, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}

// shrink scales img down so that its longer side is at most maxSide,
// averaging the source pixels under each target pixel (a box filter,
// which is what downscaling photos needs).
func shrink(img image.Image, maxSide int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= maxSide && h <= maxSide {
		return img
	}
	dw, dh := maxSide, h*maxSide/w
	if h > w {
		dw, dh = w*maxSide/h, maxSide
	}
	dw, dh = max(dw, 1), max(dh, 1)
	src := image.NewRGBA64(image.Rect(0, 0, w, h))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	dst := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		y0, y1 := y*h/dh, max((y+1)*h/dh, y*h/dh+1)
		for x := 0; x < dw; x++ {
			x0, x1 := x*w/dw, max((x+1)*w/dw, x*w/dw+1)
			var r, g, bl, a, n uint64
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					c := src.RGBA64At(sx, sy)
					r, g, bl, a, n = r+uint64(c.R), g+uint64(c.G), bl+uint64(c.B), a+uint64(c.A), n+1
				}
			}
			// Average premultiplied values, then un-premultiply.
			c := color.RGBA64{R: uint16(r / n), G: uint16(g / n), B: uint16(bl / n), A: uint16(a / n)}
			dst.Set(x, y, c)
		}
	}
	return dst
}

// ErrNotFound is what a Store returns for a name it does not hold.
var ErrNotFound = errors.New("upload: no such file")
