package io.cleanroom.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: Debian's Chromium, headless, driven through Debian's chromedriver (both
 * paths explicit, so Selenium Manager never downloads anything), with a fresh profile and the flags
 * that keep Chromium off the network it does not need.
 */
final class Browser implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(60);

  final ChromeDriver driver;
  private final Path screenshots;
  private final Path downloads;
  private final String portal;

  Browser(String portal, Path profile, Path screenshots, Path downloads) {
    this.portal = portal;
    this.screenshots = screenshots;
    this.downloads = downloads;
    try {
      Files.createDirectories(downloads);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(new File(System.getProperty("e2e.chromium", "/usr/bin/chromium")));
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toAbsolutePath().toString(),
            "download.prompt_for_download",
            false));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                new File(System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
  }

  /** Opens the portal and signs in on Keycloak's own login page. */
  void signIn(String user, String password) {
    driver.get(portal + "/");
    click(By.id("sign-in"));
    keycloakLogin(user, password);
  }

  /**
   * Fills Keycloak's login pages (the realm has organizations, so the user name comes first, then
   * the password) and waits until the portal names the user.
   */
  void keycloakLogin(String user, String password) {
    await(By.id("username")).sendKeys(user);
    click(By.id("kc-login"));
    await(By.id("password")).sendKeys(password);
    click(By.id("kc-login"));
    awaitText(By.id("whoami-user"), user);
  }

  void open(String hash) {
    driver.get(portal + "/#" + hash);
  }

  WebElement await(By by) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Waits until the element's text contains {@code text}; answers the whole text. */
  String awaitText(By by, String text) {
    new WebDriverWait(driver, WAIT)
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    return driver.findElement(by).getText();
  }

  void click(By by) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  /** Sets a React-controlled input's or textarea's value as typing would. */
  void setValue(By by, String value) {
    WebElement el = await(by);
    ((JavascriptExecutor) driver)
        .executeScript(
            "const el = arguments[0];"
                + "const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype"
                + " : HTMLInputElement.prototype;"
                + "Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);"
                + "el.dispatchEvent(new Event('input', {bubbles: true}));",
            el,
            value);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Waits for a finished download whose name starts with {@code prefix}; answers its path. */
  Path awaitDownload(String prefix) {
    return new WebDriverWait(driver, WAIT)
        .until(
            d -> {
              try (var files = Files.list(downloads)) {
                return files
                    .filter(f -> f.getFileName().toString().startsWith(prefix))
                    .filter(f -> !f.getFileName().toString().endsWith(".crdownload"))
                    .findFirst()
                    .orElse(null);
              } catch (IOException e) {
                return null;
              }
            });
  }

  /** Saves a PNG of the page as {@code <name>.png} in the screenshots directory. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(screenshots);
      Path file = screenshots.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
