"""The offline plan: the real Pulumi program run under the SDK's mock runtime, recorded."""
