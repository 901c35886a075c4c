package dev.camelpayme.testing;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** Reads QR codes back with ZXing's decoder: from a picture (a browser's screenshot) or from the SVG a page holds. */
public final class QrCodeImages {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");
    private static final int PIXELS_PER_MODULE = 4;

    private QrCodeImages() {
    }

    /** The text of the QR code in the picture. */
    public static String decode(BufferedImage image) {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        try {
            // no PURE_BARCODE hint, not even FALSE: ZXing reads its mere presence as "pure", which fails on a code
            // drawn at a fractional module width
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            throw new AssertionError("no readable QR code in the picture", e);
        }
    }

    /** The text of the first QR code drawn as {@code QrCodeSvg} draws it (unit squares on a path) in {@code html}. */
    public static String decodeSvg(String html) {
        Matcher box = VIEW_BOX.matcher(html);
        if (!box.find()) {
            throw new AssertionError("no QR code SVG in the page");
        }
        int size = Integer.parseInt(box.group(1)) * PIXELS_PER_MODULE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        fill(image, 0, 0, size, 0xFFFFFF);
        Matcher module = MODULE.matcher(html.substring(box.end(), html.indexOf("</svg>", box.end())));
        while (module.find()) {
            fill(image, Integer.parseInt(module.group(1)) * PIXELS_PER_MODULE,
                    Integer.parseInt(module.group(2)) * PIXELS_PER_MODULE, PIXELS_PER_MODULE, 0x000000);
        }
        return decode(image);
    }

    private static void fill(BufferedImage image, int x0, int y0, int side, int rgb) {
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                image.setRGB(x, y, rgb);
            }
        }
    }
}
