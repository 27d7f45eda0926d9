module tsflux.test/semver-oracle

go 1.24

require github.com/Masterminds/semver/v3 v3.4.0
