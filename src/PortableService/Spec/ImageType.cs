namespace PortableService.Spec;

/// <summary>What kind of image a spec builds, as portabled tells them apart.</summary>
public enum ImageType
{
    /// <summary>A portable service image: a root with os-release; with units a service, without them a base for extensions.</summary>
    Portable,

    /// <summary>A portable system extension: <c>/usr</c> and <c>/opt</c> laid over a base image (<c>SYSEXT_SCOPE=portable</c>).</summary>
    Extension,

    /// <summary>A configuration extension: <c>/etc</c> only, laid over a base image (<c>CONFEXT_SCOPE=portable</c>; systemd 255 and later).</summary>
    Confext,
}
