package linkcheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"testing"

	"github.com/hearth-community/hearth"
)

func TestClassify(t *testing.T) {
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "https://x.example.org/", Err: err} }
	for _, tc := range []struct {
		code int
		err  error
		want hearth.ChannelStatus
	}{
		{200, nil, hearth.ChannelOK},
		{301, nil, hearth.ChannelOK},
		{404, nil, hearth.ChannelDead},
		{410, nil, hearth.ChannelDead},
		{403, nil, hearth.ChannelUnknown},
		{429, nil, hearth.ChannelUnknown},
		{999, nil, hearth.ChannelUnknown},
		{500, nil, hearth.ChannelUnknown},
		{418, nil, hearth.ChannelUnknown},
		{0, wrap(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "x.example.org", IsNotFound: true}}), hearth.ChannelDead},
		{0, wrap(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "server misbehaving", Name: "x.example.org", IsTemporary: true}}), hearth.ChannelUnknown},
		{0, wrap(context.DeadlineExceeded), hearth.ChannelUnknown},
		{0, wrap(fmt.Errorf("dial: %w", errPrivate)), hearth.ChannelUnknown},
		{0, wrap(errTooManyRedirects), hearth.ChannelUnknown},
		{0, errors.New("something else"), hearth.ChannelUnknown},
	} {
		got := classify(tc.code, tc.err)
		if got.status != tc.want || (got.status != hearth.ChannelOK && got.note == "") {
			t.Errorf("classify(%d, %v) = %+v, want %s", tc.code, tc.err, got, tc.want)
		}
	}
	for ip, public := range map[string]bool{"93.184.216.34": true, "2606:4700::1": true, "127.0.0.1": false, "10.1.2.3": false,
		"192.168.0.1": false, "169.254.169.254": false, "::1": false, "fe80::1": false, "100.64.0.1": false, "0.0.0.0": false} {
		if publicIP(net.ParseIP(ip)) != public {
			t.Errorf("publicIP(%s) != %v", ip, public)
		}
	}
}
