"""Special zones and matchmaking events (线上专区 / 专场对接活动): organisers curate open-licence patents
from several universities around a theme and a window, enterprises register and meet IP centres, and the
zone's results run from registration to licence, conversion, payment and 备案."""
