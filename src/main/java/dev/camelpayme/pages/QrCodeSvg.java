package dev.camelpayme.pages;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A QR code drawn as SVG on the server: one path of unit squares, so it needs no image library and no script. ZXing's
 * core is an optional dependency: the sandbox asks {@code PayPage} whether it is there before it comes here.
 */
public final class QrCodeSvg {

    /** The quiet zone around the code, in modules, as the QR standard asks. */
    private static final int QUIET_ZONE = 4;

    private QrCodeSvg() {
    }

    /** The code's modules, without the quiet zone. */
    public static BitMatrix matrixOf(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Cannot draw a QR code of this pay_url: " + e.getMessage(), e);
        }
    }

    /**
     * The SVG element of {@code text}'s code, {@code pixels} wide; {@code label} (already HTML-escaped) is its text
     * alternative.
     */
    public static String svgOf(String text, int pixels, String escapedLabel) {
        BitMatrix matrix = matrixOf(text);
        int size = matrix.getWidth() + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(' ').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" + escapedLabel + "\" width=\""
                + pixels + "\" height=\"" + pixels + "\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\"><title>" + escapedLabel + "</title>"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#ffffff\"/>"
                + "<path fill=\"#000000\" d=\"" + path + "\"/></svg>";
    }
}
