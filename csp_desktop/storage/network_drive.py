"""Is a database file on a network drive? SQLite's own documentation warns against it.

WAL (which the app uses) does not work over a network filesystem, and network
filesystems' locking faults corrupt databases when two computers open one file. The file
still opens (people need their minutes), with one plain warning naming the risk and the
remedy: the team database (docs/team.md).

Recognised: UNC paths (\\\\server\\share\\...), Windows drives mapped to a share
(GetDriveType says DRIVE_REMOTE), and on Linux a file under an NFS, SMB/CIFS or other
network mount in /proc/mounts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "ceph",
        "glusterfs", "9p", "davfs", "fuse.sshfs", "fuse.rclone", "fuse.glusterfs",
        "fuse.s3fs", "fuse.davfs2",
    }
)  # fmt: skip
DRIVE_REMOTE = 4  # GetDriveTypeW


def unc_share(text: str) -> str | None:
    r"""`\\server\share` if the path is a UNC path (also `\\?\UNC\server\share\...`)."""
    if not text.startswith(("\\\\", "//")):
        return None
    windows = PureWindowsPath(text)
    drive = windows.drive
    if drive.upper().startswith("\\\\?\\UNC\\"):
        parts = drive[8:].split("\\")
        return "\\\\" + "\\".join(parts[:2]) if len(parts) >= 2 else None
    if drive.startswith(("\\\\?\\", "\\\\.\\")):
        return None  # a local device or long path (\\?\C:\...)
    return drive or None


def network_mount(path: Path, mounts_text: str) -> str | None:
    """The network mount (`server:/export on /mnt/x (nfs4)`) holding `path`, from the text
    of /proc/mounts; None if the deepest mount holding it is local."""
    target = str(path)
    best: tuple[int, str] | None = None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        source, mount_point, filesystem = fields[0], _unescape(fields[1]), fields[2]
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if not inside or (best is not None and len(mount_point) < best[0]):
            continue
        described = ""
        if filesystem in NETWORK_FILESYSTEMS:
            described = f"{source} on {mount_point} ({filesystem})"
        best = (len(mount_point), described)
    return best[1] or None if best else None


def _unescape(field: str) -> str:
    """/proc/mounts writes spaces and tabs in paths as octal escapes."""
    return (
        field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n")
        .replace("\\134", "\\")
    )  # fmt: skip


def _windows_remote_drive(path: Path) -> str | None:
    try:
        import ctypes

        drive = PureWindowsPath(str(path)).drive
        if not drive:
            return None
        kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return None
    return f"drive {drive} (a network share)" if kind == DRIVE_REMOTE else None


def network_location(path: Path) -> str | None:
    """Where on the network the file is, in words, or None for a local disk."""
    share = unc_share(str(path))
    if share:
        return share
    if sys.platform == "win32":
        return _windows_remote_drive(path)
    if sys.platform.startswith("linux"):
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return network_mount(Path(os.path.realpath(path)), mounts)
    return None


def network_warning(path: Path) -> str | None:
    """The one plain warning for a database file on a network drive, or None."""
    where = network_location(path)
    if where is None:
        return None
    return (
        f"Warning: {path.name} is on a network drive ({where}). SQLite files there can be "
        "damaged if two computers open them, and saving can stall when the network does; "
        "keep the file on this computer, or ask IT for the team database (docs/team.md)."
    )
