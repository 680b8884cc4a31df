/** A pinned notice board: the callboard where a theatre company posts who is on when. */
export function CallboardMark() {
  return (
    <g>
      <rect x="2" y="6" width="36" height="28" rx="4" fill="#7df3e1" />
      <rect x="8" y="12" width="11" height="8" rx="1" fill="#0b3d4a" />
      <rect x="22" y="12" width="10" height="14" rx="1" fill="#0b3d4a" />
      <rect x="8" y="23" width="11" height="5" rx="1" fill="#0b3d4a" />
      <circle cx="13.5" cy="12" r="2" fill="#ff6b6b" />
      <circle cx="27" cy="12" r="2" fill="#ffd166" />
    </g>
  );
}
