namespace PortableService.Inspection;

/// <summary>A unit file portabled would attach: its name, where it is in the image, and its text.</summary>
public sealed record InspectedUnit(string Name, string Path, string Text);
