package upload

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

// secret is text hidden in the metadata of test images; it must not
// survive processing.
const secret = "GPS 42.3601 N 71.0589 W Boston"

// testImage is w×h with a red top-left quadrant, so that orientation
// can be checked from pixels.
func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{0, 0, 200, 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{220, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// exifSegment builds an APP1 Exif segment with an orientation, a GPS IFD
// and an image description that holds secret.
func exifSegment(orientation uint16) []byte {
	le := binary.LittleEndian
	t := []byte{'I', 'I', 42, 0, 8, 0, 0, 0}
	// IFD0 at 8: three entries, then the next-IFD offset.
	ifd0 := 8
	gpsIFD := ifd0 + 2 + 3*12 + 4
	descOff := gpsIFD + 2 + 1*12 + 4
	entry := func(tag, typ uint16, count, value uint32) []byte {
		e := make([]byte, 12)
		le.PutUint16(e, tag)
		le.PutUint16(e[2:], typ)
		le.PutUint32(e[4:], count)
		le.PutUint32(e[8:], value)
		return e
	}
	t = le.AppendUint16(t, 3)
	t = append(t, entry(0x0112, 3, 1, uint32(orientation))...)
	t = append(t, entry(0x010E, 2, uint32(len(secret)+1), uint32(descOff))...)
	t = append(t, entry(0x8825, 4, 1, uint32(gpsIFD))...)
	t = le.AppendUint32(t, 0)
	t = le.AppendUint16(t, 1)
	t = append(t, entry(0x0001, 2, 2, uint32('N'))...) // GPSLatitudeRef "N"
	t = le.AppendUint32(t, 0)
	t = append(t, secret...)
	t = append(t, 0)
	seg := append([]byte("Exif\x00\x00"), t...)
	out := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(out[2:], uint16(len(seg)+2))
	return append(out, seg...)
}

func jpegWithExif(t *testing.T, img image.Image, orientation uint16) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// Insert the APP1 segment right after SOI, where cameras put it.
	out := append([]byte{}, b[:2]...)
	out = append(out, exifSegment(orientation)...)
	return append(out, b[2:]...)
}

// pngWithChunks adds tEXt and eXIf chunks holding secret after IHDR.
func pngWithChunks(t *testing.T, img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	chunk := func(typ string, data []byte) []byte {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		c = append(c, typ...)
		c = append(c, data...)
		return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdrEnd := 8 + 4 + 4 + 13 + 4
	out := append([]byte{}, b[:ihdrEnd]...)
	out = append(out, chunk("tEXt", []byte("Location\x00"+secret))...)
	out = append(out, chunk("eXIf", exifSegment(1)[10:])...)
	return append(out, b[ihdrEnd:]...)
}

func TestProcessStripsJPEGMetadataAndTurnsUpright(t *testing.T) {
	src := jpegWithExif(t, testImage(40, 20), 6)
	if !bytes.Contains(src, []byte(secret)) || jpegOrientation(src) != 6 {
		t.Fatal("test image lacks its EXIF data")
	}
	img, err := Process(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if img.ContentType != "image/jpeg" || img.Ext != ".jpg" {
		t.Errorf("type %s %s", img.ContentType, img.Ext)
	}
	for _, leak := range []string{secret, "Exif", "GPS", "Boston"} {
		if bytes.Contains(img.Data, []byte(leak)) {
			t.Errorf("processed JPEG still contains %q", leak)
		}
	}
	if jpegOrientation(img.Data) != 0 {
		t.Error("processed JPEG still has an orientation tag")
	}
	// Orientation 6: the camera was turned right, so the 40×20 image
	// becomes 20×40 and its red top-left corner moves to the top right.
	if img.Width != 20 || img.Height != 40 {
		t.Fatalf("size %d×%d, want 20×40", img.Width, img.Height)
	}
	dec, err := jpeg.Decode(bytes.NewReader(img.Data))
	if err != nil {
		t.Fatal(err)
	}
	if r, _, _, _ := dec.At(15, 5).RGBA(); r>>8 < 150 {
		t.Errorf("top right is not red after turning: r=%d", r>>8)
	}
	if r, _, _, _ := dec.At(4, 5).RGBA(); r>>8 > 100 {
		t.Errorf("top left is red after turning: r=%d", r>>8)
	}
}

func TestProcessStripsPNGChunks(t *testing.T) {
	src := pngWithChunks(t, testImage(30, 30))
	if _, err := png.Decode(bytes.NewReader(src)); err != nil {
		t.Fatalf("test PNG is invalid: %v", err)
	}
	img, err := Process(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if img.ContentType != "image/png" || img.Width != 30 {
		t.Errorf("got %s %d×%d", img.ContentType, img.Width, img.Height)
	}
	for _, leak := range []string{secret, "tEXt", "eXIf", "Exif"} {
		if bytes.Contains(img.Data, []byte(leak)) {
			t.Errorf("processed PNG still contains %q", leak)
		}
	}
}

func TestProcessShrinks(t *testing.T) {
	var buf bytes.Buffer
	png.Encode(&buf, testImage(3200, 1000))
	img, err := Process(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if img.Width != MaxSide || img.Height != 500 {
		t.Errorf("size %d×%d, want %d×500", img.Width, img.Height, MaxSide)
	}
}

func TestProcessRefuses(t *testing.T) {
	var gif bytes.Buffer
	gif.WriteString("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	// A PNG header that claims 100000×100000 pixels: a decompression bomb.
	var bomb bytes.Buffer
	png.Encode(&bomb, testImage(2, 2))
	b := bomb.Bytes()
	binary.BigEndian.PutUint32(b[16:], 100000)
	binary.BigEndian.PutUint32(b[20:], 100000)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	big := make([]byte, MaxBytes+10)
	copy(big, jpegWithExif(t, testImage(8, 8), 1))
	for name, tc := range map[string]struct {
		data []byte
		code string
		want string
	}{
		"empty":              {nil, hearth.EInvalid, "empty"},
		"text named .jpg":    {[]byte("<html><script>alert(1)</script></html>"), hearth.EInvalid, "JPEG or PNG"},
		"gif":                {gif.Bytes(), hearth.EInvalid, "a GIF"},
		"truncated jpeg":     {jpegWithExif(t, testImage(8, 8), 1)[:40], hearth.EInvalid, "could not read"},
		"decompression bomb": {b, hearth.EInvalid, "too large"},
		"over 5 MB":          {big, hearth.ETooLarge, "larger than 5 MB"},
	} {
		_, err := Process(bytes.NewReader(tc.data))
		if hearth.ErrorCode(err) != tc.code || hearth.ErrorField(err) != Field || !strings.Contains(hearth.ErrorMessage(err), tc.want) {
			t.Errorf("%s: %v (code %s), want %s with %q", name, err, hearth.ErrorCode(err), tc.code, tc.want)
		}
	}
}

func TestJPEGOrientationParser(t *testing.T) {
	for o := uint16(1); o <= 8; o++ {
		if got := jpegOrientation(jpegWithExif(t, testImage(4, 4), o)); got != int(o) {
			t.Errorf("orientation %d read as %d", o, got)
		}
	}
	for _, junk := range [][]byte{nil, {0xFF}, {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF}, []byte("not a jpeg")} {
		if jpegOrientation(junk) != 0 {
			t.Errorf("junk %q has an orientation", junk)
		}
	}
}

func TestNames(t *testing.T) {
	n := NewName(".jpg")
	if !ValidName(n) || n == NewName(".jpg") {
		t.Errorf("NewName %q", n)
	}
	for _, bad := range []string{"", "../etc/passwd", strings.Repeat("a", 32) + ".svg", strings.Repeat("A", 32) + ".jpg", strings.Repeat("a", 31) + "/.jpg"} {
		if ValidName(bad) {
			t.Errorf("ValidName(%q)", bad)
		}
	}
}

func TestDir(t *testing.T) {
	ctx := context.Background()
	d := Dir(filepath.Join(t.TempDir(), "uploads"))
	name := NewName(".png")
	if _, _, err := d.Open(ctx, name); err != ErrNotFound {
		t.Fatalf("open missing: %v", err)
	}
	if err := d.Save(ctx, name, []byte("data")); err != nil {
		t.Fatal(err)
	}
	f, _, err := d.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "data" {
		t.Errorf("read %q", b)
	}
	if err := d.Save(ctx, "../escape.png", nil); err == nil {
		t.Error("saved outside the directory")
	}
	entries, _ := os.ReadDir(string(d))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries (temporary files left?)", len(entries))
	}
	if err := d.Remove(ctx, name); err != nil {
		t.Fatal(err)
	}
	if err := d.Remove(ctx, name); err != nil {
		t.Errorf("removing twice: %v", err)
	}
}
