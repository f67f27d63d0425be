#!/bin/sh
# Stands in for the C unit tests when configure found no cmocka: make
# check still runs the command and screen tests, and fails here, so that
# a build without its unit tests is never reported as passing.
echo "1..1"
echo "not ok 1 - the C unit tests were not built: configure found no cmocka (apt-get install libcmocka-dev, then run configure again)"
exit 0
