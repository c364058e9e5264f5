"""Draw the app icon (a blue rounded square with 科) into resources/icons/ as PNG and ICO.

    uv run python scripts/make_icon.py
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "C:/Windows/Fonts/msyh.ttc"]
OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((8, 8, size - 8, size - 8), radius=size // 6, fill=(21, 101, 192, 255))
    d.rounded_rectangle((8, size * 0.72, size - 8, size - 8), radius=size // 6, fill=(13, 71, 161, 255))
    font = next(ImageFont.truetype(f, int(size * 0.62)) for f in FONT_CANDIDATES if Path(f).exists())
    d.text((size / 2, size * 0.47), "科", font=font, fill="white", anchor="mm")
    return img


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw()
    icon.save(OUT / "app.png")
    icon.save(OUT / "app.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print("written", OUT)
