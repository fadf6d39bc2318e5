package main

import (
	"os"
	"testing"

	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { os.Exit(sqldbtest.Main(m)) }
