// The Analyzer protocol's floor for the benchmark: a pack with no policies, same transport.
"use strict";
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("empty", { policies: [] });
