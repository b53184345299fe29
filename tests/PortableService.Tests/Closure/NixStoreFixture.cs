using PortableService.Tests.Systemd;
using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Closure;

/// <summary>
/// Builds a set of small store paths with Nix (once per test class) whose outputs refer to each other in known ways:
/// chains, a diamond, a self-reference, a symlink into another path, a hash only in a file name, a hash glued to
/// other base-32 characters, a hash across a 256 KiB block boundary, an input the output does not mention, and a
/// unit file naming a store path. Needs Debian's nix-bin set up by .ci/install-nix.sh.
/// </summary>
public sealed class NixStoreFixture
{
    public static readonly string Expression = NixStorePaths.Derivations("""
          leaf = mk "ps-test-leaf" "echo leaf > $out";
          chain2 = mk "ps-test-chain2" "echo ${leaf} > $out";
          chain3 = mk "ps-test-chain3" "mkdir -p $out/bin; printf '#!/bin/sh\\ncat %s\\n' ${chain2} > $out/bin/run; chmod +x $out/bin/run";
          bottom = mk "ps-test-bottom" "mkdir $out; echo bottom > $out/data";
          left = mk "ps-test-left" "mkdir $out; echo ${bottom}/data > $out/ref";
          right = mk "ps-test-right" "mkdir $out; ln -s ${bottom}/data $out/link";
          top = mk "ps-test-top" "mkdir -p $out/share; echo ${left} > $out/share/left; ln -s ${right} $out/right";
          self = mk "ps-test-self" "mkdir $out; echo $out > $out/me; ln -s $out/me $out/me-link";
          inname = mk "ps-test-inname" "mkdir $out; touch $out/$(basename ${leaf}).stamp";
          glued = mk "ps-test-glued" "echo abcd$(basename ${leaf} | cut -c1-32)xyz > $out";
          boundary = mk "ps-test-boundary" "head -c 262130 /dev/zero > $out; echo ${leaf} >> $out; head -c 1000 /dev/zero >> $out";
          unused = mk "ps-test-unused" ": ${leaf}; echo nothing > $out";
          everything = mk "ps-test-everything" "mkdir $out; echo ${top} ${self} ${inname} ${glued} ${boundary} ${unused} ${chain3} > $out/all";
          unit = mk "ps-test-unit" "printf '[Service]\\nExecStart=${chain3}/bin/run\\nEnvironment=DATA=${bottom}/data\\n' > $out";
        """);

    public static readonly string[] Attributes =
        ["leaf", "chain2", "chain3", "bottom", "left", "right", "top", "self", "inname", "glued", "boundary", "unused", "everything", "unit"];

    public NixStoreFixture()
    {
        if (ExternalTool.Find("nix-build") is null && !TestEnvironment.IsCi)
        {
            return; // tests are skipped locally (ToolFact); under CI, NixStorePaths installs Nix or fails saying how
        }

        var paths = NixStorePaths.Build(Expression, Attributes);
        foreach (var attribute in Attributes)
        {
            Paths[attribute] = paths.Single(p => p.EndsWith("-ps-test-" + attribute, StringComparison.Ordinal));
        }

        StoreDirectory = Path.GetDirectoryName(Paths["leaf"])!;
    }

    public Dictionary<string, string> Paths { get; } = [];

    public string StoreDirectory { get; } = "/nix/store";

    /// <summary>What Nix says the closure is.</summary>
    public IReadOnlyList<string> Requisites(params string[] storePaths) => NixStorePaths.Requisites(storePaths);
}
