package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/upload"
)

// Option changes what Seed writes.
type Option func(*options)

type options struct {
	uploads upload.Store
}

// WithUploads stores the demo stories' cover images in s, as uploads of
// their authors. Without it the stories have no covers.
func WithUploads(s upload.Store) Option { return func(o *options) { o.uploads = s } }

// seedStories writes the demo stories and their comments through the
// same calls members' actions use: guests' comments are held, then the
// story's author approves all but those marked Held.
func seedStories(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member, o options) error {
	for _, st := range Stories {
		author := members[st.Author]
		published := now.Add(-time.Duration(st.DaysAgo) * 24 * time.Hour)
		at(published)
		n := hearth.NewStory{Title: st.Title, Body: st.Body, Visibility: hearth.Visibility(st.Visibility)}
		if st.Cover != nil && o.uploads != nil {
			name, err := seedCover(ctx, db, o.uploads, author, st.Cover.Palette)
			if err != nil {
				return fmt.Errorf("story %q cover: %w", st.Title, err)
			}
			n.Cover, n.CoverAlt = name, st.Cover.Alt
		}
		s, err := db.CreateStory(ctx, author, n)
		if err != nil {
			return fmt.Errorf("story %q: %w", st.Title, err)
		}
		var write func(cs []StoryComment, parent int64) error
		write = func(cs []StoryComment, parent int64) error {
			for _, c := range cs {
				when := published.Add(time.Duration(c.HoursAfter) * time.Hour)
				if when.After(now) {
					when = now.Add(-time.Minute)
				}
				at(when)
				nc := hearth.NewComment{Body: c.Body, ParentID: parent}
				var by *hearth.Member
				if c.Guest != nil {
					nc.Guest = &hearth.Guest{Name: c.Guest.Name, Email: c.Guest.Email, Website: c.Guest.Website}
				} else {
					by = members[c.Author]
				}
				made, err := db.CreateComment(ctx, by, s.ID, nc)
				if err != nil {
					return fmt.Errorf("comment on %q: %w", st.Title, err)
				}
				if c.Guest != nil && !c.Held {
					at(when.Add(2 * time.Hour))
					approver := author
					if c.ApprovedBy != "" {
						approver = members[c.ApprovedBy]
					}
					if _, err := db.ModerateComment(ctx, approver, made.ID, true); err != nil {
						return fmt.Errorf("approve comment on %q: %w", st.Title, err)
					}
				}
				if err := write(c.Replies, made.ID); err != nil {
					return err
				}
			}
			return nil
		}
		if err := write(st.Comments, 0); err != nil {
			return err
		}
	}
	return nil
}

// seedCover draws a cover, runs it through the same checks as a member's
// upload, and stores it as an upload of the author's.
func seedCover(ctx context.Context, db *sqldb.DB, store upload.Store, author *hearth.Member, palette int) (string, error) {
	var raw bytes.Buffer
	if err := jpeg.Encode(&raw, landscape(1200, 630, palette), &jpeg.Options{Quality: 90}); err != nil {
		return "", err
	}
	img, err := upload.Process(&raw)
	if err != nil {
		return "", err
	}
	name := upload.NewName(img.Ext)
	if err := store.Save(ctx, name, img.Data); err != nil {
		return "", err
	}
	return name, db.CreateUpload(ctx, author, &hearth.Upload{Name: name, ContentType: img.ContentType,
		Width: img.Width, Height: img.Height, Size: len(img.Data)})
}

// palettes are sky top, sky bottom, sun, near hills and far hills.
var palettes = [][5]color.RGBA{
	{{250, 214, 165, 255}, {255, 244, 222, 255}, {255, 190, 92, 255}, {94, 140, 97, 255}, {148, 181, 138, 255}},   // sunrise
	{{167, 199, 231, 255}, {232, 241, 248, 255}, {255, 250, 232, 255}, {90, 125, 140, 255}, {150, 178, 190, 255}}, // morning
	{{235, 160, 130, 255}, {252, 222, 190, 255}, {255, 236, 179, 255}, {120, 92, 110, 255}, {176, 138, 150, 255}}, // evening
	{{200, 220, 200, 255}, {246, 248, 238, 255}, {255, 226, 140, 255}, {80, 120, 90, 255}, {140, 170, 130, 255}},  // spring
}

// landscape draws a calm scene: a sky gradient, a sun and two rows of
// hills. Plain shapes compress well and look fine at any size.
func landscape(w, h, palette int) image.Image {
	p := palettes[palette%len(palettes)]
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	mix := func(a, b color.RGBA, t float64) color.RGBA {
		l := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t) }
		return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
	}
	sunX, sunY, sunR := float64(w)*0.68, float64(h)*0.42, float64(h)*0.13
	for y := 0; y < h; y++ {
		sky := mix(p[0], p[1], float64(y)/float64(h))
		for x := 0; x < w; x++ {
			fx, fy := float64(x), float64(y)
			far := float64(h)*0.60 + math.Sin(fx/float64(w)*5.5+float64(palette))*float64(h)*0.05
			near := float64(h)*0.74 + math.Sin(fx/float64(w)*3.2+1.7+float64(palette))*float64(h)*0.07
			c := sky
			if d := math.Hypot(fx-sunX, fy-sunY); d < sunR {
				c = p[2]
			}
			if fy > far {
				c = p[4]
			}
			if fy > near {
				c = mix(p[3], color.RGBA{60, 80, 60, 255}, (fy-near)/float64(h))
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}
