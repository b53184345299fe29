using PortableService.Closure;
using PortableService.Diagnostics;

using PortableService.Tests.TestSupport;

namespace PortableService.Tests.Closure;

/// <summary>
/// Store paths built by Nix: our closure equals <c>nix-store --query --requisites</c> with every reference source,
/// including a scan with the database hidden.
/// </summary>
public sealed class ClosureResolverResolveNixTests : IClassFixture<NixStoreFixture>
{
    private readonly NixStoreFixture _nix;

    public ClosureResolverResolveNixTests(NixStoreFixture nix) => _nix = nix;

    public static TheoryData<string, NixReferenceSource> Cases()
    {
        var data = new TheoryData<string, NixReferenceSource>();
        foreach (var attribute in NixStoreFixture.Attributes)
        {
            foreach (var source in Enum.GetValues<NixReferenceSource>())
            {
                data.Add(attribute, source);
            }
        }

        return data;
    }

    [ToolTheory("nix-build", "nix-store")]
    [MemberData(nameof(Cases))]
    public void Closure_EqualsNixStoreRequisites(string attribute, NixReferenceSource source)
    {
        var root = _nix.Paths[attribute];
        var expected = _nix.Requisites(root);

        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = _nix.StoreDirectory, NixSource = source });
        var result = resolver.Resolve([new ClosureRoot(root, "contents[0]")]);

        ClosureAssertions.AssertWellFormed(result);
        Assert.Equal(expected, result.Items.Select(i => i.HostPath));
        Assert.Equal("contents[0]", result.Items.Single(i => i.HostPath == root).Reason);
        Assert.Empty(result.Diagnostics);
    }

    [ToolTheory("nix-build", "nix-store")]
    [InlineData(NixReferenceSource.Scan)]
    [InlineData(NixReferenceSource.Auto)]
    public void DatabaseHidden_ScanGivesTheSameClosure(NixReferenceSource source)
    {
        var root = _nix.Paths["everything"];
        using var resolver = new ClosureResolver(new ClosureOptions
        {
            StoreDirectory = _nix.StoreDirectory,
            NixSource = source,
            NixDatabasePath = "/nonexistent/db.sqlite",
            NixStoreCommand = "/nonexistent/nix-store",
        });
        var result = resolver.Resolve([new ClosureRoot(root, "contents[0]")]);

        Assert.Equal(_nix.Requisites(root), result.Items.Select(i => i.HostPath));
        Assert.All(result.Items.Where(i => i.HostPath != root), i => Assert.Contains("found by scanning its files", i.Reason));
    }

    [ToolFact("nix-build", "nix-store")]
    public void Reasons_NameTheReferrer()
    {
        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = _nix.StoreDirectory, NixSource = NixReferenceSource.Database });
        var result = resolver.Resolve([new ClosureRoot(_nix.Paths["chain3"] + "/bin/run", "contents[0]")]);

        Assert.Equal($"contents[0] (for {_nix.Paths["chain3"]}/bin/run)", Item(result, "chain3").Reason);
        Assert.Equal($"referenced by {_nix.Paths["chain3"]}", Item(result, "chain2").Reason);
        Assert.Equal($"referenced by {_nix.Paths["chain2"]}", Item(result, "leaf").Reason);
        Assert.Equal(ClosureItemKind.File, Item(result, "leaf").Kind);
        Assert.Equal(new FileInfo(_nix.Paths["leaf"]).Length, Item(result, "leaf").Size);
        Assert.Equal(ClosureItemKind.Tree, Item(result, "chain3").Kind);
        Assert.Equal(new FileInfo(_nix.Paths["chain3"] + "/bin/run").Length, Item(result, "chain3").Size);
    }

    [ToolFact("nix-build", "nix-store")]
    public void SeveralRoots_UnionOfTheirClosures()
    {
        foreach (var source in Enum.GetValues<NixReferenceSource>())
        {
            using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = _nix.StoreDirectory, NixSource = source });
            var result = resolver.Resolve([
                new ClosureRoot(_nix.Paths["top"], "contents[0]"),
                new ClosureRoot(_nix.Paths["chain3"], "contents[1]"),
                new ClosureRoot(_nix.Paths["left"] + "/ref", "contents[2]"),
            ]);
            Assert.Equal(_nix.Requisites(_nix.Paths["top"], _nix.Paths["chain3"]), result.Items.Select(i => i.HostPath));
        }
    }

    [ToolFact("nix-build", "nix-store")]
    public void UnitFileNamingAStorePath_BringsItsClosure()
    {
        var unitText = File.ReadAllText(_nix.Paths["unit"]);
        var roots = UnitFileRoots.Extract("hello.service", unitText, _nix.StoreDirectory);
        Assert.Contains(roots, r => r.HostPath == _nix.Paths["chain3"] + "/bin/run" && r.Reason == "unit hello.service ExecStart=");

        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = _nix.StoreDirectory });
        var result = resolver.Resolve(roots);

        // The unit file itself is not in the image as a store path, but everything it names is, with its closure.
        Assert.Equal(_nix.Requisites(_nix.Paths["chain3"], _nix.Paths["bottom"]), result.Items.Select(i => i.HostPath));
        Assert.Equal($"unit hello.service ExecStart= (for {_nix.Paths["chain3"]}/bin/run)", Item(result, "chain3").Reason);
        Assert.StartsWith("unit hello.service Environment=", Item(result, "bottom").Reason);
    }

    [ToolFact("nix-build", "nix-store")]
    public void HostSymlinkIntoTheStore_KeepsTheSymlinkAndBringsTheClosure()
    {
        using var temp = new TempDirectory();
        var link = temp.Symlink("app", _nix.Paths["chain3"] + "/bin/run");
        using var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = _nix.StoreDirectory });
        var result = resolver.Resolve([new ClosureRoot(link, "symlinks[0].object")]);

        Assert.Equal(_nix.Requisites(_nix.Paths["chain3"]).Append(link).Order(StringComparer.Ordinal), result.Items.Select(i => i.HostPath));
    }

    [ToolFact("nix-build", "nix-store")]
    public void UnregisteredStorePath_DatabaseIsAnErrorAutoScansIt()
    {
        var unregistered = Path.Combine(_nix.StoreDirectory, "0000000000000000000000000000000z-ps-test-unregistered-" + Environment.ProcessId);
        Directory.CreateDirectory(unregistered);
        try
        {
            File.WriteAllText(Path.Combine(unregistered, "ref"), _nix.Paths["chain2"]);

            using (var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = _nix.StoreDirectory, NixSource = NixReferenceSource.Database }))
            {
                var error = Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(unregistered, "contents[0]")]));
                var diagnostic = Assert.Single(error.Diagnostics);
                Assert.Equal("PS2009", diagnostic.Code);
                Assert.Contains(unregistered, diagnostic.Message);
            }

            using (var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = _nix.StoreDirectory, NixSource = NixReferenceSource.Auto }))
            {
                var result = resolver.Resolve([new ClosureRoot(unregistered, "contents[0]")]);
                Assert.Equal(_nix.Requisites(_nix.Paths["chain2"]).Append(unregistered).Order(StringComparer.Ordinal), result.Items.Select(i => i.HostPath));
                Assert.Contains("the Nix database does not know it", Item(result, "chain2").Reason);
            }
        }
        finally
        {
            Directory.Delete(unregistered, recursive: true);
        }
    }

    [ToolFact("nix-build", "nix-store")]
    public void ChosenSourceUnavailable_IsAnError()
    {
        var root = _nix.Paths["leaf"];
        using (var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = _nix.StoreDirectory, NixSource = NixReferenceSource.Database, NixDatabasePath = "/nonexistent/db.sqlite" }))
        {
            var diagnostic = Assert.Single(Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(root, "contents[0]")])).Diagnostics);
            Assert.Equal("PS2008", diagnostic.Code);
            Assert.Contains("/nonexistent/db.sqlite", diagnostic.Message);
        }

        using (var resolver = new ClosureResolver(new ClosureOptions { StoreDirectory = _nix.StoreDirectory, NixSource = NixReferenceSource.NixStoreCommand, NixStoreCommand = "/nonexistent/nix-store" }))
        {
            var diagnostic = Assert.Single(Assert.Throws<DiagnosticException>(() => resolver.Resolve([new ClosureRoot(root, "contents[0]")])).Diagnostics);
            Assert.Equal("PS2010", diagnostic.Code);
            Assert.Contains("/nonexistent/nix-store", diagnostic.Message);
        }
    }

    private ClosureItem Item(ClosureResult result, string attribute) => result.Items.Single(i => i.HostPath == _nix.Paths[attribute]);
}
