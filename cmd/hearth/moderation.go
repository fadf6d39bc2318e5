package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/hearth-community/hearth"
)

// cmdUserVerify records a clinician's license, checked by the operator:
// the same record an admin makes at /admin/members/{handle}/verify, with
// the operator (--by) named as the verifier in it and in the audit log.
func cmdUserVerify(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("user verify", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	handle := fs.String("handle", "", "the clinician's handle")
	n := verificationFlags(fs)
	by := fs.String("by", "operator", "who checked the license, for the record")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.VerifyClinicianAsOperator(ctx, *by, *handle, *n)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "verified @%s: %s, license %s, checked by %s\n", v.Member, v.Profession, v.License, v.VerifiedBy)
	return nil
}

// verificationFlags adds the license flags to a command.
func verificationFlags(fs *flag.FlagSet) *hearth.NewVerification {
	n := &hearth.NewVerification{}
	fs.StringVar(&n.Profession, "profession", "", "the profession on the license, like \"Registered nurse\"")
	fs.StringVar(&n.License, "license", "", "the license number you checked")
	fs.StringVar(&n.Region, "region", "", "the state or board that issued it")
	return n
}
